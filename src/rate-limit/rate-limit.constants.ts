/** Route metadata set by {@link SkipRateLimit}. */
export const SKIP_RATE_LIMIT = 'rateLimit:skip';
/** Route metadata set by {@link CredentialRateLimit}. */
export const CREDENTIAL_RATE_LIMIT = 'rateLimit:credentials';

/** Names of the limits; they are the policy names in the `RateLimit` and `RateLimit-Policy` headers. */
export enum RateLimitPolicy {
  Global = 'global',
  User = 'user',
  CredentialsPerIp = 'credentials-ip',
  CredentialsPerEmail = 'credentials-email',
}

/**
 * Limits counted in the store on every request, however large: they guard credentials, where an exact count
 * matters more than a round trip (each attempt costs an argon2 hash anyway).
 */
export const EXACT_POLICIES: ReadonlySet<string> = new Set([RateLimitPolicy.CredentialsPerIp, RateLimitPolicy.CredentialsPerEmail]);
