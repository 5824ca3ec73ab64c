import { randomUUID } from 'node:crypto';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, waitFor } from './free-port';

const ROOT = join(__dirname, '..', '..');

export interface InstrumentedApp {
  child: ChildProcess;
  baseUrl: string;
  /** What the process has written so far (pino JSON lines). */
  stdout(): string;
  /** SIGTERM, then the exit code once the process has flushed and exited. */
  stop(): Promise<number | null>;
}

/**
 * Starts the service as `src/main.ts` does (observability instrumentation first, then bootstrap), with the
 * fixture routes, in its own process: instrumentation patches modules as they load, which Jest's module
 * registry would defeat. Connects to the harness's PostgreSQL and Redis; resolves once it is ready.
 */
export async function startInstrumentedApp(env: Record<string, string>): Promise<InstrumentedApp> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', 'ts-node/register', join('test', 'fixtures', 'main-with-observability.ts')], {
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
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => child.exitCode === null && (await fetch(`${baseUrl}/health/ready`)).status === 200, {
      what: 'the instrumented service to be ready',
      timeoutMs: 60_000,
      intervalMs: 250,
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stdout.slice(-2_000)}${stderr.slice(-2_000)}`);
  }
  return {
    child,
    baseUrl,
    stdout: () => stdout,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
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
