import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { spawnTracked } from './child-processes';
import { waitFor } from './free-port';

const ROOT = join(__dirname, '..', '..');

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ChildApp {
  child: ChildProcess;
  /** Settles once the process has exited and its output is complete. */
  result: Promise<ChildResult>;
  /** What the process has written so far. */
  output(): { stdout: string; stderr: string };
}

/**
 * Runs the real entry point (`bootstrap`, with fixture routes) as a separate process, compiled on the fly,
 * for what only a process shows: exit codes, signals, stderr. The process (and its own children) is killed when
 * the test that started it ends, even if the test failed or timed out (see child-processes.ts).
 */
export function spawnApp(env: Record<string, string | undefined>): ChildApp {
  const child = spawnTracked(process.execPath, ['-r', 'ts-node/register', join('test', 'fixtures', 'main-with-fixtures.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, TS_NODE_SWC: 'true', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    what: 'test/fixtures/main-with-fixtures.ts',
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<ChildResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, result, output: () => ({ stdout, stderr }) };
}

/**
 * Waits until `url` answers `ready(response)` truthy, for as long as a loaded machine may need to compile and boot
 * the service; fails at once, with the process's output, if it exits first.
 */
export async function waitUntilServing<T>(
  app: Pick<ChildApp, 'child' | 'output'>,
  url: string,
  { ready = (response: Response) => response.status === 200, timeoutMs = 180_000, what = 'the child service to be ready' } = {} as {
    ready?: (response: Response) => T | false | Promise<T | false>;
    timeoutMs?: number;
    what?: string;
  },
): Promise<T> {
  try {
    return await waitFor(
      async () => {
        if (app.child.exitCode !== null || app.child.signalCode !== null) throw new ExitedEarly(app.child.exitCode ?? app.child.signalCode);
        // A bound per attempt: a stalled answer must not eat the whole wait.
        return (await ready(await fetch(url, { signal: AbortSignal.timeout(10_000) }))) as T | false;
      },
      { timeoutMs, intervalMs: 250, what, stopOn: (error) => error instanceof ExitedEarly },
    );
  } catch (error) {
    const { stdout, stderr } = app.output();
    throw new Error(`${(error as Error).message}\n--- stdout (end) ---\n${stdout.slice(-3_000)}\n--- stderr (end) ---\n${stderr.slice(-3_000)}`);
  }
}

class ExitedEarly extends Error {
  constructor(status: number | string | null) {
    super(`the process exited (${status}) before it was ready`);
  }
}
