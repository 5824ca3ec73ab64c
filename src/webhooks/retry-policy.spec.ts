import { isLastAttempt, MAX_RETRY_DELAY_MS, retryDelayMs } from './retry-policy';

describe('retryDelayMs', () => {
  const policy = { baseMs: 30_000, maxAttempts: 14 };

  it('doubles the step each attempt and keeps at least half of it', () => {
    expect(retryDelayMs(1, policy, undefined, () => 0)).toBe(15_000);
    expect(retryDelayMs(1, policy, undefined, () => 1)).toBe(30_000);
    expect(retryDelayMs(4, policy, undefined, () => 0)).toBe(120_000);
    expect(retryDelayMs(4, policy, undefined, () => 1)).toBe(240_000);
  });

  it('never waits more than 6 hours', () => {
    expect(retryDelayMs(13, policy, undefined, () => 1)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(30, policy, undefined, () => 1)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('honours a longer Retry-After up to the cap, and ignores a shorter one', () => {
    expect(retryDelayMs(1, policy, 600, () => 0)).toBe(600_000);
    expect(retryDelayMs(1, policy, 1, () => 0)).toBe(15_000);
    expect(retryDelayMs(1, policy, 10 * 86_400, () => 0)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('ends the delivery after the configured attempts', () => {
    expect(isLastAttempt(13, policy)).toBe(false);
    expect(isLastAttempt(14, policy)).toBe(true);
  });
});
