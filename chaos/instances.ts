import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../test/harness/free-port';
import { now } from './clock';

const ROOT = join(__dirname, '..');

/**
 * After SIGTERM an instance keeps serving this long (readiness 503) so that haproxy takes it out (after
 * CHECK_FALL × CHECK_INTERVAL_MS, 1.5 s) well before it stops accepting connections.
 */
export const DRAIN_DELAY_MS = 4_000;
export const SHUTDOWN_TIMEOUT_MS = 15_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** From the signal to the exit. */
  ms: number;
}

/** One process of the built service (`node dist/src/main.js`) on a fixed port; each start logs to a file of its own. */
export class Instance {
  private child?: ChildProcess;
  private starts = 0;
  /** Every log file this instance wrote, one per start. */
  readonly logFiles: string[] = [];

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logDir: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(extraEnv: Record<string, string> = {}): void {
    this.starts += 1;
    const file = join(this.logDir, `${this.name}-start${this.starts}.log`);
    this.logFiles.push(file);
    const log = openSync(file, 'a');
    this.child = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...this.env, PORT: String(this.port), ...extraEnv },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
  }

  async untilReady(timeoutMs = 60_000): Promise<void> {
    const child = this.child;
    await waitFor(
      async () => {
        if (!child || child.exitCode !== null) throw new Error(`${this.name} exited with ${child?.exitCode}; see ${this.logFiles.at(-1)}`);
        return (await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2_000) })).status === 200;
      },
      { what: `${this.name} to be ready`, timeoutMs, intervalMs: 200 },
    );
  }

  /** SIGTERM (a rolling restart's stop), then SIGKILL if the graceful stop overruns its own timeout by 5 s. */
  terminate(): Promise<Exit> {
    return this.signal('SIGTERM', SHUTDOWN_TIMEOUT_MS + 5_000);
  }

  kill(): Promise<Exit> {
    return this.signal('SIGKILL', 5_000);
  }

  private signal(signal: NodeJS.Signals, killAfterMs: number): Promise<Exit> {
    const child = this.child;
    const sent = now();
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      return Promise.resolve({ code: child?.exitCode ?? null, signal: child?.signalCode ?? null, ms: 0 });
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      child.once('exit', (code, exitSignal) => {
        clearTimeout(timer);
        resolve({ code, signal: exitSignal, ms: now() - sent });
      });
      child.kill(signal);
    });
  }
}
