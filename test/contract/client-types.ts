import { spawnTracked } from '../harness/child-processes';
import { join } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');

/** The committed client types, which the journey imports. */
export const CLIENT_TYPES_FILE = join(__dirname, 'catalog-api.d.ts');

/** Runs generate-client.ts (openapi-typescript) on `document` in a child process; resolves to the file's text. */
export function generateClientTypes(document: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawnTracked(process.execPath, ['-r', 'ts-node/register', join(__dirname, 'generate-client.ts')], {
      what: 'openapi-typescript',
      cwd: ROOT,
      env: { PATH: process.env.PATH, TS_NODE_SWC: 'true' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(stdout).toString('utf8'))
        : reject(new Error(`generate-client.ts exited with ${code}: ${Buffer.concat(stderr).toString('utf8')}`)),
    );
    child.stdin!.end(document);
  });
}

/**
 * Type-checks `entry` with the repository's compiler options, reading `replacements` (absolute path → text) instead
 * of those files. Returns the diagnostics, formatted; empty when there are none.
 */
export function typeCheck(entry: string, replacements: Record<string, string>): string {
  const tsconfig = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!tsconfig) throw new Error('tsconfig.json cannot be read');
  const options: ts.CompilerOptions = { ...tsconfig.options, noEmit: true, incremental: false };
  const host = ts.createCompilerHost(options, true);
  const replaced = (fileName: string) => replacements[ts.sys.resolvePath(fileName)];
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (fileName) => replaced(fileName) !== undefined || fileExists.call(host, fileName);
  host.readFile = (fileName) => replaced(fileName) ?? readFile.call(host, fileName);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const text = replaced(fileName);
    return text === undefined ? getSourceFile.call(host, fileName, languageVersion, ...rest) : ts.createSourceFile(fileName, text, languageVersion, true);
  };
  const program = ts.createProgram({ rootNames: [entry], options, host });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (name) => name, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' });
}
