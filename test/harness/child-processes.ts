import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** Set by the global set-up: the test stack's folder, where every spawned process group is recorded. */
export const STACK_DIR_VARIABLE = 'CATALOG_TEST_STACK_DIR';
const RECORD_FILE = 'child-processes.tsv';
/** How long a process group gets to stop after SIGTERM before it is killed. */
const GRACE_MS = 3_000;

/**
 * `test`: dies with the test (or `beforeEach`) that started it, whether it passed, failed or timed out.
 * `file`: dies when the test file ends (`afterAll`). `auto`: `test` when started from a test or `beforeEach`,
 * else `file`. The global teardown kills whatever is still alive, whichever scope.
 */
export type ChildScope = 'auto' | 'test' | 'file';

interface Tracked {
  child: ChildProcess;
  pgid: number;
  what: string;
  scope: 'test' | 'file';
}

const tracked = new Set<Tracked>();
let inTest = false;

/**
 * `spawn`, in a process group of its own (`detached`: the group id is the child's pid), registered so that the
 * group, grandchildren included (the embedded PostgreSQL an app starts), is killed when its scope ends: no test
 * leaves a process behind, even when it fails or times out.
 */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions & { what?: string; scope?: ChildScope } = {}): ChildProcess {
  const { what, scope, ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, detached: true });
  trackChild(child, what ?? [command, ...args].join(' '), scope);
  return child;
}

/** Registers a child spawned with `detached: true` (see {@link spawnTracked}). */
export function trackChild(child: ChildProcess, what: string, scope: ChildScope = 'auto'): void {
  const pgid = child.pid;
  // Not started (ENOENT…): its 'error' event says so; nothing to kill.
  if (pgid === undefined) return;
  const entry: Tracked = { child, pgid, what, scope: scope === 'auto' ? (inTest ? 'test' : 'file') : scope };
  tracked.add(entry);
  record(pgid, what);
  child.once('exit', () => {
    // Grandchildren may outlive their parent in the group: the entry stays until the group is gone.
    if (!groupAlive(pgid)) tracked.delete(entry);
  });
}

/** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once no process of it is left (or after SIGKILL had its chance). */
export async function killProcessGroup(pgid: number, graceMs = GRACE_MS): Promise<boolean> {
  if (!groupAlive(pgid)) return false;
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await delay(50);
  if (groupAlive(pgid)) {
    signalGroup(pgid, 'SIGKILL');
    for (let wait = 0; wait < 40 && groupAlive(pgid); wait++) await delay(50);
  }
  return true;
}

/** Kills the groups of `scope` (all when omitted) started in this process; names those that were still running. */
export async function killTrackedChildren(scope?: 'test' | 'file'): Promise<string[]> {
  const killed: string[] = [];
  const entries = [...tracked].filter((entry) => !scope || entry.scope === scope);
  await Promise.all(
    entries.map(async (entry) => {
      if (await killProcessGroup(entry.pgid)) killed.push(`${entry.what} (pid ${entry.pgid})`);
      // The ChildProcess handle keeps this process alive until its exit is reaped.
      if (entry.child.exitCode === null && entry.child.signalCode === null) await exitWithin(entry.child, 2_000);
      tracked.delete(entry);
    }),
  );
  return killed;
}

/**
 * Last resort, for the global teardown (another process than the workers that spawned them): kills every recorded
 * group that still has a process; names them.
 */
export async function killRecordedChildren(stackDir: string): Promise<string[]> {
  const alive = recordedGroups(stackDir);
  await Promise.all(alive.map(({ pgid }) => killProcessGroup(pgid)));
  return alive.map(({ pgid, what }) => `${what} (pid ${pgid})`);
}

/** The same at once and synchronously, with SIGKILL: for a signal handler. */
export function killRecordedChildrenNow(stackDir: string): void {
  for (const { pgid } of recordedGroups(stackDir)) signalGroup(pgid, 'SIGKILL');
}

/** Recorded groups with a process left, skipping any whose id a new, unrelated process has taken since. */
function recordedGroups(stackDir: string): Array<{ pgid: number; what: string }> {
  const file = join(stackDir, RECORD_FILE);
  if (!existsSync(file)) return [];
  const groups = new Map<number, { pgid: number; what: string }>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [pid, startTime, ...what] = line.split('\t');
    const pgid = Number(pid);
    if (!Number.isInteger(pgid) || pgid <= 1 || !groupAlive(pgid)) continue;
    // The leader still runs: it must be the process that was recorded. (A group id is not reused while the group
    // has members, so members without their leader are the recorded process's orphans.)
    const leader = processInfo(pgid);
    if (leader && startTime && leader.startTime !== startTime) continue;
    groups.set(pgid, { pgid, what: what.join('\t') });
  }
  return [...groups.values()];
}

function record(pgid: number, what: string): void {
  const dir = process.env[STACK_DIR_VARIABLE];
  if (!dir || !existsSync(dir)) return;
  appendFileSync(join(dir, RECORD_FILE), `${pgid}\t${processInfo(pgid)?.startTime ?? ''}\t${what.replace(/\s+/g, ' ')}\n`);
}

interface ProcessInfo {
  pgid: number;
  state: string;
  startTime: string;
}

/** From /proc/<pid>/stat (Linux): process group, state, start time in clock ticks since boot. */
function processInfo(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], pgid: Number(fields[2]), startTime: fields[19] };
  } catch {
    return undefined;
  }
}

/** Whether a process of the group is still running (zombies, already dead, do not count). */
function groupAlive(pgid: number): boolean {
  if (existsSync('/proc/self/stat')) {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const info = processInfo(Number(name));
      if (info && info.pgid === pgid && info.state !== 'Z' && info.state !== 'X') return true;
    }
    return false;
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Gone meanwhile.
  }
}

/** Resolves when `child` has exited, or after `ms`; leaves no timer behind (it would hold the worker). */
function exitWithin(child: ChildProcess, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      child.removeListener('exit', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    child.once('exit', done);
  });
}

function report(killed: string[], when: string): void {
  if (killed.length) process.stderr.write(`[test harness] killed ${killed.length} process group(s) still running ${when}: ${killed.join(', ')}\n`);
}

// In a test file (Jest's globals exist), tie children to the test or the file that started them. The root hooks
// run around every test of the file: beforeEach first, afterEach last (after the file's own, which may stop their
// children gracefully). The afterAll runs after those of the file's describe blocks, but before the file's own
// top-level ones, declared after this module was imported.
if (typeof beforeEach === 'function' && typeof afterEach === 'function' && typeof afterAll === 'function') {
  try {
    beforeEach(() => {
      inTest = true;
    });
    afterEach(async () => {
      inTest = false;
      report(await killTrackedChildren('test'), `after "${expect.getState().currentTestName}"`);
    });
    afterAll(async () => {
      report(await killTrackedChildren(), 'at the end of the test file');
    });
  } catch {
    // Required from inside a test or hook, where hooks cannot be added: the global teardown still kills them.
  }
}
