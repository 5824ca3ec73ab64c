import { performance } from 'node:perf_hooks';
import { describeDeliveryFailure } from './delivery-failure';
import { postToPinnedAddress, type PinnedResponse } from './pinned-request';
import { parseRetryAfter } from './retry-after';
import { checkTargetUrl, type HostLookup } from './target-url';

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 4_096;

export interface WebhookSendRequest {
  url: string;
  /** Usually webhookHeaders(...); content-length is set here from the body. */
  headers: Readonly<Record<string, string>>;
  /** The exact string that was signed. */
  body: string;
  /** For resolution, connection and response together. */
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS. */
  allowPrivate: boolean;
  lookup?: HostLookup;
}

export interface WebhookSendResult {
  outcome: 'delivered' | 'failed';
  statusCode?: number;
  latencyMs: number;
  /** Short and safe to show the subscriber: 'timeout', 'connection refused', 'refused target: private-address', ... */
  error?: string;
  responseSnippet?: string;
  /** From Retry-After on a 429 or 503, for the retry policy to honour within its own bounds. */
  retryAfterSeconds?: number;
}

const STATUSES_WITH_RETRY_AFTER = new Set([429, 503]);

/**
 * Makes one delivery attempt and reports how it went; it does not retry and never throws for anything the target
 * does. The target is checked again at send time (a subscription's host may have started resolving elsewhere since
 * it was saved) and the connection goes to the address that passed the check. A receiver that answers in time but
 * then stalls its body is judged by its status: the body is only read for the delivery log.
 */
export class WebhookSender {
  async send(request: WebhookSendRequest): Promise<WebhookSendResult> {
    const timeoutMs = request.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
    const maxResponseBytes = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    assertLimits(timeoutMs, maxResponseBytes);
    const startedAt = performance.now();
    const latencyMs = () => Math.round(performance.now() - startedAt);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    try {
      const target = await untilAborted(checkTargetUrl(request.url, { allowPrivate: request.allowPrivate, lookup: request.lookup }), deadline.signal);
      const response = await postToPinnedAddress(target, { headers: request.headers, body: request.body, maxResponseBytes, signal: deadline.signal });
      return { ...judge(response), latencyMs: latencyMs() };
    } catch (error) {
      return { outcome: 'failed', error: deadline.signal.aborted ? 'timeout' : describeDeliveryFailure(error), latencyMs: latencyMs() };
    } finally {
      clearTimeout(timer);
    }
  }
}

function judge({ statusCode, headers, snippet }: PinnedResponse): Omit<WebhookSendResult, 'latencyMs'> {
  const answer = { statusCode, responseSnippet: snippet };
  if (statusCode >= 200 && statusCode < 300) return { outcome: 'delivered', ...answer };
  if (statusCode >= 300 && statusCode < 400) return { outcome: 'failed', error: 'redirect not followed', ...answer };
  const retryAfterSeconds = STATUSES_WITH_RETRY_AFTER.has(statusCode) ? parseRetryAfter(headers['retry-after']) : undefined;
  return { outcome: 'failed', error: `http status ${statusCode}`, ...answer, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
}

/** A DNS lookup cannot be cancelled, but the delivery stops waiting for it at the deadline. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function assertLimits(timeoutMs: number, maxResponseBytes: number): void {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError('timeoutMs must be a positive number');
  if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes < 0) throw new RangeError('maxResponseBytes must be a non-negative integer');
}
