import { setTimeout as sleepFor } from 'node:timers/promises';

/**
 * Wall-clock time in milliseconds, with sub-millisecond precision and without jumps: every timestamp of the
 * suite (requests, fault events) comes from here, and it compares directly with the `time` of the service's
 * pino lines and haproxy's log lines (both epoch milliseconds).
 */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return sleepFor(ms);
}

/** `promise`, or an error naming `what` once `ms` have passed: no step of the suite may hang it. */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${(ms / 1000).toFixed(0)} s`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Seconds with one decimal, for reports and progress lines. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
