import { percentile } from '../bench/load';
import type { Attempt } from './load';

/** When the scenario's load ran and its fault lasted (epoch ms, see clock.ts). */
export interface Window {
  loadStart: number;
  faultStart: number;
  faultEnd: number;
  /** The last request was sent here (answers, retries and resends may come later). */
  loadEnd: number;
}

export interface Figures {
  requests: number;
  ok: number;
  clientErrors: number;
  serverErrors: number;
  /** 503 answers carrying Retry-After. */
  unavailableWithRetryAfter: number;
  /** Every other 5xx: 500, 502, 504, or a 503 without Retry-After (haproxy's own has none). */
  otherServerErrors: number;
  connectionErrors: number;
  /** Requests the generator did not send because too many were already waiting. */
  shed: number;
  p99BeforeMs: number;
  p99FaultMs: number;
  /** From the end of the fault to the end of the last failed request (see {@link failed}); 0 without any. */
  recoverMs: number;
  /** False when requests still failed in the last 2 s of the load. */
  recovered: boolean;
  /** Non-2xx answers and connection errors, grouped: `503 +Retry-After IDEMPOTENCY_UNAVAILABLE, idempotent POST ×12`. */
  breakdown: string[];
  /** The failed requests by instance that answered (or `-`: haproxy itself, or none). */
  failuresByServer: string;
}

const RECOVERY_TAIL_MS = 2_000;

/**
 * A request the service did not serve: no answer, a 5xx, or any other answer that asks to come back later
 * (Retry-After on a 409 "key in flight" or a 429): the client cannot go on until it has retried.
 */
export function failed(attempt: Attempt): boolean {
  if (attempt.error !== undefined || attempt.status === undefined || attempt.status >= 500) return true;
  return attempt.status >= 300 && attempt.retryAfter;
}

function p99(attempts: Attempt[]): number {
  return percentile(Float64Array.from(attempts.map((attempt) => attempt.end - attempt.start)).sort(), 0.99);
}

function counted(keys: string[]): string[] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([key, count]) => `${key} ×${count}`);
}

export function figuresOf(attempts: Attempt[], shed: number, window: Window): Figures {
  const answered = attempts.filter((attempt) => attempt.error === undefined && attempt.status !== undefined);
  const status = (attempt: Attempt) => attempt.status ?? 0;
  const serverErrors = answered.filter((attempt) => status(attempt) >= 500);
  const withRetryAfter = serverErrors.filter((attempt) => attempt.status === 503 && attempt.retryAfter);
  const failures = attempts.filter(failed);
  const lastFailureEnd = Math.max(window.faultEnd, ...failures.map((attempt) => attempt.end));
  return {
    requests: attempts.length,
    ok: answered.filter((attempt) => status(attempt) >= 200 && status(attempt) < 300).length,
    clientErrors: answered.filter((attempt) => status(attempt) >= 400 && status(attempt) < 500).length,
    serverErrors: serverErrors.length,
    unavailableWithRetryAfter: withRetryAfter.length,
    otherServerErrors: serverErrors.length - withRetryAfter.length,
    connectionErrors: attempts.length - answered.length,
    shed,
    p99BeforeMs: p99(attempts.filter((attempt) => attempt.start < window.faultStart)),
    p99FaultMs: p99(attempts.filter((attempt) => attempt.start >= window.faultStart && attempt.start <= window.faultEnd)),
    recoverMs: lastFailureEnd - window.faultEnd,
    recovered: !failures.some((attempt) => attempt.start >= window.loadEnd - RECOVERY_TAIL_MS),
    breakdown: counted(
      attempts
        .filter((attempt) => attempt.error !== undefined || status(attempt) >= 300)
        .map((attempt) =>
          attempt.error !== undefined
            ? `no answer: ${attempt.error}, ${attempt.cls}`
            : `${attempt.status}${attempt.retryAfter ? ' +Retry-After' : ''}${attempt.code ? ` ${attempt.code}` : ''}, ${attempt.cls}`,
        ),
    ),
    failuresByServer: counted(failures.map((attempt) => attempt.server ?? '-')).join(', '),
  };
}
