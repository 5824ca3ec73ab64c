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

const HSTS = { maxAge: 31_536_000, includeSubDomains: true };

/**
 * What every API answer carries, as the OWASP REST Security Cheat Sheet lists it for responses that are not
 * HTML: a CSP that allows nothing and no framing, `nosniff`, `X-Frame-Options: DENY`, and HSTS in production.
 * The HTML-only headers helmet adds by default stay with the documentation pages (see
 * {@link documentSecurityHeaders}): on JSON they protect nothing and cost every answer their bytes.
 */
export function apiSecurityHeaders(isProduction: boolean): Readonly<Record<string, string>> {
  return securityHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: false,
    originAgentCluster: false,
    referrerPolicy: false,
    strictTransportSecurity: isProduction ? HSTS : false,
    xContentTypeOptions: true,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xFrameOptions: { action: 'deny' },
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
}

/** Helmet's defaults for the HTML pages (Swagger UI under /docs), which needs inline styles and data: images. */
export function documentSecurityHeaders(isProduction: boolean): Readonly<Record<string, string>> {
  return securityHeaders({
    hsts: isProduction ? HSTS : false,
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], scriptSrc: ["'self'"] },
    },
  });
}
