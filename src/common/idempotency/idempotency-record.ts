/** A response kept for replay: what the client saw the first time. */
export interface StoredResponse {
  status: number;
  /** Only the headers that describe the result (`content-type`, `location`, `etag`), lower-cased. */
  headers: Record<string, string>;
  /** The handler's result as JSON; absent for an empty body. */
  body?: unknown;
}

/** A key is either held by a request still running, or done with the response to replay. */
export type IdempotencyRecord = { state: 'in-flight'; fingerprint: string; token: string } | { state: 'done'; fingerprint: string; response: StoredResponse };

/** The response headers kept for replay. */
export const REPLAYED_HEADERS = ['content-type', 'location', 'etag'] as const;

export function encodeRecord(record: IdempotencyRecord): string {
  return JSON.stringify(record);
}

/** Parses a stored record; throws on anything this service did not write (the request then fails with 500). */
export function decodeRecord(text: string): IdempotencyRecord {
  const record = JSON.parse(text) as Partial<IdempotencyRecord> | null;
  if (typeof record?.fingerprint === 'string') {
    if (record.state === 'in-flight' && typeof record.token === 'string') return record as IdempotencyRecord;
    if (record.state === 'done' && typeof record.response?.status === 'number' && typeof record.response.headers === 'object') {
      return record as IdempotencyRecord;
    }
  }
  throw new Error('Unreadable idempotency record');
}
