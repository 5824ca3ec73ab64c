import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

// Accept ids a proxy or client may send (UUIDs, ULIDs, trace ids); anything else could forge log lines.
const ACCEPTABLE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * Fastify's `genReqId`: reuse a well-formed incoming `X-Request-ID`, otherwise a fresh UUID. Fastify's
 * middleware layer copies it to the raw request (`req.raw.id`), where pino-http and nestjs-cls read it.
 */
export function requestIdFor(raw: Pick<IncomingMessage, 'headers'>): string {
  const header = raw.headers[REQUEST_ID_HEADER];
  const incoming = Array.isArray(header) ? header[0] : header;
  return incoming && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
}
