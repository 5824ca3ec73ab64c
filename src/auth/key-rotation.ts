import type { PreviousKeys } from '../config/auth.config';

/** Milliseconds since the epoch. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/**
 * Injection token of the clock that ends the previous keys' grace period. Optional: without a provider the
 * system clock is used; a module may provide another one (tests move time past the instant this way).
 */
export const KEY_ROTATION_CLOCK = Symbol('KEY_ROTATION_CLOCK');

/**
 * Whether keys from before the last rotation are still accepted. Asked on every use rather than once at boot,
 * so the grace period ends at `JWT_PREVIOUS_KEYS_UNTIL` on every instance without a restart.
 */
export function previousKeysAccepted(previous: PreviousKeys | undefined, clock: Clock): previous is PreviousKeys {
  return previous !== undefined && clock() < previous.until.getTime();
}
