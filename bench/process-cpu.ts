import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * CPU time of processes from /proc (Linux): what PostgreSQL (every process of a postmaster's tree) or the service
 * spent during a measured phase, to put beside the queries it answered.
 */

let ticksPerSecond: number | undefined;

/** The kernel's clock ticks per second that /proc/<pid>/stat counts in (`getconf CLK_TCK`, nearly always 100). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

interface Stat {
  pid: number;
  ppid: number;
  /** utime + stime: the process's own CPU, in ticks. */
  own: number;
  /** cutime + cstime: CPU of its children that have exited and that it has waited for, in ticks. */
  children: number;
}

/** Fields of /proc/<pid>/stat, read after the command name (which may hold spaces and parentheses). */
function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): ppid is field 4, utime..cstime fields 14..17.
    return { pid, ppid: Number(fields[1]), own: Number(fields[11]) + Number(fields[12]), children: Number(fields[13]) + Number(fields[14]) };
  } catch {
    // The process ended meanwhile.
    return undefined;
  }
}

function allStats(): Stat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is Stat => stat !== undefined);
}

/**
 * CPU seconds of the process trees rooted at `roots` so far: each live process's own time, plus what the roots'
 * children that already exited used (a backend that ended is added to its postmaster's children's time).
 */
export function treeCpuSeconds(roots: number[]): number {
  const stats = allStats();
  const children = new Map<number, Stat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const byPid = new Map(stats.map((stat) => [stat.pid, stat]));
  let ticks = 0;
  const seen = new Set<number>();
  const queue = roots.map((pid) => byPid.get(pid)).filter((stat): stat is Stat => stat !== undefined);
  for (const root of queue.slice()) ticks += root.children;
  while (queue.length) {
    const stat = queue.pop()!;
    if (seen.has(stat.pid)) continue;
    seen.add(stat.pid);
    ticks += stat.own;
    queue.push(...(children.get(stat.pid) ?? []));
  }
  return ticks / clockTicks();
}

/** The CPU seconds one process has used so far (its own time only). */
export function processCpuSeconds(pid: number): number {
  return (readStat(pid)?.own ?? Number.NaN) / clockTicks();
}

/** The postmaster's pid of a running PostgreSQL data folder: the first line of its `postmaster.pid`. */
export function postmasterPid(dataDir: string): number {
  const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no postmaster pid in ${dataDir}/postmaster.pid`);
  return pid;
}
