import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real entry point (`bootstrap`, with fixture routes) as a separate process, compiled on the fly,
 * for what only a process shows: exit codes, signals, stderr.
 */
export function spawnApp(env: Record<string, string | undefined>): { child: ChildProcess; result: Promise<ChildResult> } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register', join('test', 'fixtures', 'main-with-fixtures.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, TS_NODE_SWC: 'true', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<ChildResult>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, result };
}
