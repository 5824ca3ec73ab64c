/** The longest wait between two attempts, whatever the attempt number or a receiver's Retry-After. */
export const MAX_RETRY_DELAY_MS = 6 * 3_600_000;

export interface RetryPolicy {
  baseMs: number;
  maxAttempts: number;
}

/**
 * The wait after failed attempt number `attempt` (1 for the first): the exponential step `base · 2^(attempt-1)`,
 * capped at 6 h, jittered uniformly over its upper half ("equal jitter") so that retries of many deliveries spread out
 * while each keeps at least half its step, a floor a struggling receiver can count on. A `Retry-After` (429, 503)
 * longer than that is honoured up to the cap.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, retryAfterSeconds?: number, random: () => number = Math.random): number {
  const step = Math.min(MAX_RETRY_DELAY_MS, policy.baseMs * 2 ** (attempt - 1));
  const jittered = Math.round(step / 2 + random() * (step / 2));
  const asked = retryAfterSeconds === undefined ? 0 : Math.min(MAX_RETRY_DELAY_MS, retryAfterSeconds * 1_000);
  return Math.max(jittered, asked);
}

/** Whether attempt number `attempt` failing ends the delivery. */
export const isLastAttempt = (attempt: number, policy: RetryPolicy): boolean => attempt >= policy.maxAttempts;
