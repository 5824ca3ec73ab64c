import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { waitUntilServing } from './child-app';
import { spawnTracked } from './child-processes';
import { freePort } from './free-port';

const ROOT = join(__dirname, '..', '..');

export interface InstrumentedApp {
  child: ChildProcess;
  baseUrl: string;
  /** What the process has written so far (pino JSON lines). */
  stdout(): string;
  /**
   * SIGTERM, then the exit code once the process has flushed and exited; null (after SIGKILL) if it has not
   * exited within `timeoutMs`.
   */
  stop(timeoutMs?: number): Promise<number | null>;
}

/**
 * Starts the service as `src/main.ts` does (observability instrumentation first, then bootstrap), with the
 * fixture routes, in its own process: instrumentation patches modules as they load, which Jest's module
 * registry would defeat. Connects to the harness's PostgreSQL and Redis; resolves once it is ready. The process
 * is killed when the test that started it ends, whatever its outcome (see child-processes.ts).
 */
export async function startInstrumentedApp(env: Record<string, string>): Promise<InstrumentedApp> {
  const port = await freePort();
  const child = spawnTracked(process.execPath, ['-r', 'ts-node/register', join('test', 'fixtures', 'main-with-observability.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      TS_NODE_SWC: 'true',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: process.env.DATABASE_URL,
      DATABASE_REPLICA_URLS: process.env.DATABASE_REPLICA_URLS,
      REDIS_URL: process.env.REDIS_URL,
      // Its own key space: its rate-limit counters (default limits) must not block other test files' apps.
      REDIS_KEY_PREFIX: `instrumented-${randomUUID()}:`,
      PORT: String(port),
      // A graceful stop on a loaded machine may take a while; what is asserted is that it flushes and exits 0.
      SHUTDOWN_TIMEOUT_MS: '60000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    what: 'test/fixtures/main-with-observability.ts',
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close': the exit code once the output is complete too (what was flushed on the way out included).
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    // Compiling and instrumenting on a loaded machine takes a while: wait for readiness, not for a fixed time.
    await waitUntilServing({ child, output: () => ({ stdout, stderr }) }, `${baseUrl}/health/ready`, { what: 'the instrumented service to be ready' });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    child,
    baseUrl,
    stdout: () => stdout,
    stop: async (timeoutMs = 60_000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const overrun = new Promise<'overrun'>((resolve) => (timer = setTimeout(resolve, timeoutMs, 'overrun')));
      try {
        if ((await Promise.race([exited, overrun])) !== 'overrun') return await exited;
      } finally {
        clearTimeout(timer);
      }
      child.kill('SIGKILL');
      await exited;
      return null;
    },
  };
}

/** The pino JSON lines of `output` (other output, such as warnings, is skipped). */
export function logLines(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
