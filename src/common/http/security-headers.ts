import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The response headers helmet sets for `options`, computed once. Our policy is the same for every response
 * (no CSP nonces), so the hot path copies a ready map instead of running helmet's middleware per request,
 * which re-parses every directive each time (@fastify/helmet builds a new helmet instance per request).
 */
export function securityHeaders(options: Readonly<HelmetOptions>): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let finished = false;
  helmet({ ...options })({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
    finished = true;
  });
  // Guards against a helmet release whose middleware becomes asynchronous: the map would be incomplete.
  if (!finished) throw new Error('helmet did not apply its headers synchronously');
  return Object.freeze(headers);
}

/** The API's own policy: HSTS in production only; Swagger UI needs inline styles and data: images, nothing else is HTML. */
export function apiSecurityHeaders(isProduction: boolean): Readonly<Record<string, string>> {
  return securityHeaders({
    hsts: isProduction ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], scriptSrc: ["'self'"] },
    },
  });
}
