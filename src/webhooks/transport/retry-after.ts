const DELAY_SECONDS = /^\d+$/;
// All three HTTP date forms start with the day name; Date.parse alone would read "1.5" or "-5" as dates.
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /;

/**
 * Seconds to wait according to a `Retry-After` header, either form of RFC 9110 (delay seconds or an HTTP date);
 * undefined when absent or unreadable. Not capped: the retry policy decides how much of it to honour.
 */
export function parseRetryAfter(value: string | undefined, now: Date = new Date()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (DELAY_SECONDS.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds : undefined;
  }
  const at = HTTP_DATE.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
