import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CliError } from './cli-error';
import { type PasswordInput, readPassword } from './read-password';

/** A terminal stand-in: what is written to it arrives as typed keys; raw mode is recorded. */
function terminal(): PassThrough & PasswordInput & { rawModes: boolean[] } {
  const input = new PassThrough() as PassThrough & PasswordInput & { rawModes: boolean[] };
  input.rawModes = [];
  input.isTTY = true;
  input.setRawMode = (mode: boolean) => input.rawModes.push(mode);
  return input;
}

describe(readPassword.name, () => {
  const prompts = () => new PassThrough();

  it('reads the first line of piped input, without its line break', async () => {
    const input = new PassThrough();
    input.end('first line secret\r\nsecond line\n');
    await expect(readPassword(undefined, input, prompts())).resolves.toBe('first line secret');
  });

  it('reads piped input that has no line break, and nothing from empty input', async () => {
    const unterminated = new PassThrough();
    unterminated.end('no newline here');
    await expect(readPassword(undefined, unterminated, prompts())).resolves.toBe('no newline here');
    const empty = new PassThrough();
    empty.end();
    await expect(readPassword(undefined, empty, prompts())).resolves.toBe('');
  });

  it('reads a file, dropping one trailing newline, and refuses a file of several lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-password-'));
    try {
      writeFileSync(join(dir, 'one'), 'from a secret file\n');
      writeFileSync(join(dir, 'two'), 'line one\nline two\n');
      await expect(readPassword(join(dir, 'one'))).resolves.toBe('from a secret file');
      await expect(readPassword(join(dir, 'two'))).rejects.toThrow('--password-file must hold a single line');
      await expect(readPassword(join(dir, 'missing'))).rejects.toThrow(/cannot read --password-file .*ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on a terminal prompts twice in raw mode (no echo), honouring Backspace and keys typed ahead', async () => {
    const input = terminal();
    const output = prompts();
    const read = readPassword(undefined, input, output);
    input.write('secret passwordd\u007f\r\n');
    input.write('secret pass');
    input.write('word\r');
    await expect(read).resolves.toBe('secret password');
    expect(input.rawModes).toEqual([true, false]);
    expect(String(output.read())).not.toContain('secret');
  });

  it('on a terminal refuses two different entries, stops on Ctrl-C, and asks once when nothing is typed', async () => {
    const input = terminal();
    const differing = readPassword(undefined, input, prompts());
    input.write('one password\ranother password\r');
    await expect(differing).rejects.toThrow('the two passwords differ');

    const interrupted = readPassword(undefined, input, prompts());
    input.write('half typed\u0003');
    await expect(interrupted).rejects.toEqual(new CliError('interrupted'));
    expect(input.rawModes.at(-1)).toBe(false);

    const output = prompts();
    const empty = readPassword(undefined, input, output);
    input.write('\r');
    await expect(empty).resolves.toBe('');
    expect(String(output.read())).not.toContain('Repeat');
  });
});
