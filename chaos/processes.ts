import { execFile, execFileSync } from 'node:child_process';

export interface Ran {
  stdout: string;
  stderr: string;
}

/**
 * Runs a command without blocking the event loop (the load generator keeps its pace while pg_ctl waits), and
 * fails with its output when it exits non-zero. With `env`, the child sees only that and PATH.
 */
export function run(
  command: string,
  args: string[],
  options: { uid?: number; gid?: number; cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        uid: options.uid,
        gid: options.gid,
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 60_000,
        encoding: 'utf8',
        env: options.env ? { PATH: process.env.PATH, LC_ALL: 'C', ...options.env } : { ...process.env, LC_ALL: 'C' },
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${(stderr || stdout || error.message).trim()}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}

/** PostgreSQL refuses to run as root: as root, its tools run as the `postgres` system user (as the test harness does). */
export function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  };
}
