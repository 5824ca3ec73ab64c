/**
 * Extensions route decorators put on an operation for describePipelineAnswers (pipeline-answers.ts), which turns
 * them into the statuses and headers the pipeline really sends, and removes them from the published document.
 */

/** Set by `@SkipRateLimit()`: no limit counts the operation, so it sends no 429 and no `RateLimit` headers. */
export const NOT_RATE_LIMITED = 'x-not-rate-limited';
/** Set by `@Deprecated()`: the operation's own deprecation policy. */
export const DEPRECATION_POLICY = 'x-deprecation-policy';
