/** What one limit looked like after counting the current request. */
export interface RateLimitState {
  policy: string;
  /** Requests allowed per window. */
  quota: number;
  windowSeconds: number;
  /** Requests left in the current window (0 once exceeded). */
  remaining: number;
  /** Seconds until the window resets, or until the block ends once exceeded. */
  resetSeconds: number;
}

export const RATE_LIMIT_HEADER = 'ratelimit';
export const RATE_LIMIT_POLICY_HEADER = 'ratelimit-policy';

/**
 * The `RateLimit` and `RateLimit-Policy` fields of draft-ietf-httpapi-ratelimit-headers (-08 and later):
 * structured-field lists with one item per limit that applied to the request, the most restrictive first
 * (fewest remaining, then longest to reset), so a client reading only the first item still backs off in time.
 *
 * `RateLimit-Policy: "global";q=300;w=60, "user";q=600;w=60` and `RateLimit: "global";r=12;t=40, "user";r=590;t=58`.
 */
export function rateLimitHeaders(states: readonly RateLimitState[]): Record<string, string> {
  // One limit is the common case (every anonymous request, the hot path): no copy, no sort.
  const ordered = states.length === 1 ? states : [...states].sort((a, b) => a.remaining - b.remaining || b.resetSeconds - a.resetSeconds);
  return {
    [RATE_LIMIT_POLICY_HEADER]: ordered.map((s) => `${quotedPolicy(s.policy)};q=${sfInteger(s.quota)};w=${sfInteger(s.windowSeconds)}`).join(', '),
    [RATE_LIMIT_HEADER]: ordered.map(rateLimitItem).join(', '),
  };
}

/** The `RateLimit` item of one limit (what {@link rateLimitHeaders} lists), for code that sends one limit only. */
export function rateLimitItem(state: Pick<RateLimitState, 'policy' | 'remaining' | 'resetSeconds'>): string {
  return `${quotedPolicy(state.policy)};r=${sfInteger(state.remaining)};t=${sfInteger(state.resetSeconds)}`;
}

/** Policy names are a handful of constants: each is checked and quoted once. */
const quotedPolicies = new Map<string, string>();
function quotedPolicy(policy: string): string {
  let quoted = quotedPolicies.get(policy);
  if (quoted === undefined) {
    quoted = sfString(policy);
    quotedPolicies.set(policy, quoted);
  }
  return quoted;
}

/** `Retry-After` delay-seconds (RFC 9110 §10.2.3): at least 1, so a client never retries at once. */
export function retryAfterSeconds(state: RateLimitState): number {
  return Math.max(1, Math.ceil(state.resetSeconds));
}

/** RFC 8941 §3.3.3 sf-string: printable ASCII, with `"` and `\` escaped. */
function sfString(value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value)) throw new Error(`Not a structured-field string: ${JSON.stringify(value)}`);
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** RFC 8941 §3.3.1 sf-integer; negative remaining or reset values are clamped to 0. */
function sfInteger(value: number): string {
  return String(Math.max(0, Math.ceil(value)));
}
