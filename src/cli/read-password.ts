import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { CliError } from './cli-error';

/** stdin as far as reading a password goes; a terminal also has `isTTY` and `setRawMode`. */
export type PasswordInput = Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

// Far above the policy's maximum: enough to refuse an overlong password without buffering a whole piped file.
const MAX_LINE_LENGTH = 4_096;
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const DELETE = '\u007f';

/**
 * The password, from `file` if given (a mounted secret), else from `input`: on a terminal it is prompted for on
 * `output` twice without echo, otherwise the first line is read (`printf '%s\n' "$PW" | cli …`).
 * Never from the command line, where the shell history and the process list would keep it.
 */
export async function readPassword(file: string | undefined, input: PasswordInput = process.stdin, output: Writable = process.stderr): Promise<string> {
  if (file !== undefined) return readPasswordFile(file);
  if (!input.isTTY || !input.setRawMode) return readFirstLine(input);
  const [password, repeated] = await promptHidden(input, output, ['Password: ', 'Repeat the password: ']);
  if (password && repeated !== password) throw new CliError('the two passwords differ');
  return password;
}

function readPasswordFile(file: string): string {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read --password-file ${file} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  // Same rule as the *_FILE secrets: one trailing newline is the editor's, not the password's.
  const password = content.replace(/\r?\n$/, '');
  if (/[\r\n]/.test(password)) throw new CliError('--password-file must hold a single line');
  return password;
}

/** The first line (without its line break); whatever was written before the end when there is no line break. */
export function readFirstLine(input: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const finish = (line: string) => {
      input.removeListener('data', onData).removeListener('end', onEnd).removeListener('error', reject);
      input.pause();
      resolve(line.replace(/\r$/, ''));
    };
    const onData = (chunk: string) => {
      buffered += chunk;
      const end = buffered.indexOf('\n');
      if (end >= 0) finish(buffered.slice(0, end));
      else if (buffered.length > MAX_LINE_LENGTH) finish(buffered);
    };
    const onEnd = () => finish(buffered);
    input.setEncoding('utf8');
    input.on('data', onData).on('end', onEnd).on('error', reject);
    input.resume();
  });
}

/**
 * Reads one line per prompt in raw mode, so the terminal echoes nothing; Backspace edits, Ctrl-C aborts, and an
 * empty first line ends at once. One raw session for all prompts, so keys typed (or pasted) ahead are kept.
 */
function promptHidden(input: PasswordInput, output: Writable, prompts: string[]): Promise<string[]> {
  const lines: string[] = [];
  let characters: string[] = [];
  let previous = '';
  output.write(prompts[0]);
  input.setRawMode!(true);
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    const finish = (error?: CliError) => {
      input.removeListener('data', onData);
      input.setRawMode!(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(lines);
    };
    const onData = (chunk: string) => {
      // Iterating a string yields code points, so Backspace removes a whole character, emoji included.
      for (const character of chunk) {
        const afterCarriageReturn = previous === '\r';
        previous = character;
        if (character === CTRL_C) return finish(new CliError('interrupted'));
        if (character === '\n' && afterCarriageReturn) continue;
        if (character === DELETE || character === '\b') characters.pop();
        else if (character !== '\r' && character !== '\n' && character !== CTRL_D) characters.push(character);
        else {
          lines.push(characters.join(''));
          characters = [];
          if (lines.length === prompts.length || !lines[0]) return finish();
          output.write(`\n${prompts[lines.length]}`);
        }
      }
    };
    input.on('data', onData);
    input.resume();
  });
}
