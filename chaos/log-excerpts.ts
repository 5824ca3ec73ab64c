import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface Group {
  key: string;
  count: number;
  first: number;
  last: number;
  sample: string;
}

const MAX_LINE = 400;

function grouped(entries: Array<{ key: string; at: number; line: string }>, relativeTo: number, limit: number): string[] {
  const groups = new Map<string, Group>();
  for (const { key, at, line } of entries) {
    const group = groups.get(key) ?? { key, count: 0, first: at, last: at, sample: line };
    group.count += 1;
    group.last = at;
    groups.set(key, group);
  }
  const offset = (at: number) => `${at >= relativeTo ? '+' : ''}${((at - relativeTo) / 1000).toFixed(1)}s`;
  return [...groups.values()]
    .sort((a, b) => b.count - a.count)
    .slice(0, limit)
    .map((group) => `×${group.count} [${offset(group.first)} … ${offset(group.last)}] ${group.sample.slice(0, MAX_LINE)}`);
}

/**
 * The service's warnings and errors (pino level ≥ 40) logged between `from` and `to`, grouped by instance and
 * message, most frequent first; times relative to the fault's start. Access lines (one per 4xx/5xx answer) are
 * listed apart from the others, which say why.
 */
export function serviceExcerpts(files: string[], from: number, to: number, faultStart: number): { events: string[]; access: string[] } {
  const events: Array<{ key: string; at: number; line: string }> = [];
  const access: Array<{ key: string; at: number; line: string }> = [];
  for (const file of files.filter((name) => existsSync(name))) {
    const instance = basename(file, '.log');
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.startsWith('{')) continue;
      let entry: { level?: number; time?: number; msg?: string; res?: unknown; err?: { message?: string }; event?: string; context?: string };
      try {
        entry = JSON.parse(line);
      } catch {
        continue;
      }
      if ((entry.level ?? 0) < 40 || entry.time === undefined || entry.time < from || entry.time > to) continue;
      const isAccess = entry.res !== undefined || /^(GET|POST|PATCH|PUT|DELETE) /.test(entry.msg ?? '');
      const key = `${instance} ${entry.context ?? ''} ${entry.msg ?? ''} ${entry.event ?? ''} ${isAccess ? '' : (entry.err?.message ?? '')}`;
      (isAccess ? access : events).push({ key, at: entry.time, line: `${instance}: ${line}` });
    }
  }
  return { events: grouped(events, faultStart, 12), access: grouped(access, faultStart, 8) };
}

/**
 * haproxy's lines between `from` and `to` that show trouble: a 5xx, no status, a retry, or a termination state
 * other than a normal end (`----`; for TCP sessions `--`), grouped by backend/server, status and state. haproxy
 * stamps each line with the time the request (or session) arrived, not when it ended.
 */
export function haproxyExcerpts(file: string, from: number, to: number, faultStart: number): string[] {
  if (!existsSync(file)) return [];
  const entries: Array<{ key: string; at: number; line: string }> = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const http = /^(\d+\.\d+) (\S+) (-?\d+) (\S+) retries=(\S+)/.exec(line);
    const tcp = /^(\d+\.\d+) pg (\S+) (\S+)/.exec(line);
    if (http) {
      const at = Number(http[1]) * 1000;
      const [, , server, status, state, retries] = http;
      if (at < from || at > to) continue;
      if (Number(status) >= 500 || Number(status) < 0 || state !== '----' || (retries !== '0' && retries !== '+0')) {
        entries.push({ key: `${server} ${status} ${state} retries=${retries}`, at, line });
      }
    } else if (tcp) {
      const at = Number(tcp[1]) * 1000;
      if (at < from || at > to || tcp[3] === '--') continue;
      entries.push({ key: `pg ${tcp[2]} ${tcp[3]}`, at, line });
    }
  }
  return grouped(entries, faultStart, 10);
}
