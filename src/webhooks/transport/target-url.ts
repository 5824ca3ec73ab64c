import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPublicAddress } from './public-address';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export type TargetUrlRefusalReason = 'invalid-url' | 'scheme' | 'credentials' | 'unresolvable' | 'private-address';

export class TargetUrlRefused extends Error {
  override readonly name = 'TargetUrlRefused';

  constructor(
    readonly reason: TargetUrlRefusalReason,
    message: string,
  ) {
    super(message);
  }
}

export interface TargetUrlOptions {
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS: development and tests deliver to local receivers over plain HTTP. */
  allowPrivate: boolean;
  /** Resolves the host; tests inject one so that checking a URL sends no DNS query. */
  lookup?: HostLookup;
}

export interface CheckedTarget {
  url: URL;
  /** The host without IPv6 brackets, as the TLS server name and for the Host header. */
  hostname: string;
  /** Every address the host resolved to, all of them allowed; a delivery connects to one of these and nothing else. */
  addresses: ResolvedAddress[];
}

/**
 * Decides whether a webhook may be sent to `rawUrl`, before any connection. Production accepts HTTPS only, to public
 * addresses only: every resolved address must be public, since the connection could use any of them.
 */
export async function checkTargetUrl(rawUrl: string, { allowPrivate, lookup = systemLookup }: TargetUrlOptions): Promise<CheckedTarget> {
  const url = parseUrl(rawUrl);
  const allowedSchemes = allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!allowedSchemes.includes(url.protocol)) {
    throw new TargetUrlRefused('scheme', `target URL scheme ${url.protocol} is not allowed, use ${allowedSchemes.join(' or ')}`);
  }
  // Credentials in a URL end up in logs and delivery records; receivers authenticate us by the signature.
  if (url.username !== '' || url.password !== '') {
    throw new TargetUrlRefused('credentials', 'target URL must not contain credentials');
  }
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = await resolve(hostname, lookup);
  const refused = allowPrivate ? undefined : addresses.find(({ address }) => !isPublicAddress(address));
  if (refused) {
    throw new TargetUrlRefused('private-address', `target host ${hostname} resolves to ${refused.address}, which is not a public address`);
  }
  return { url, hostname, addresses };
}

function parseUrl(rawUrl: string): URL {
  try {
    return new URL(rawUrl);
  } catch {
    throw new TargetUrlRefused('invalid-url', 'target URL is not a valid absolute URL');
  }
}

async function resolve(hostname: string, lookup: HostLookup): Promise<ResolvedAddress[]> {
  const literalFamily = isIP(hostname);
  if (literalFamily === 4 || literalFamily === 6) return [{ address: hostname, family: literalFamily }];
  let addresses: ResolvedAddress[];
  try {
    addresses = await lookup(hostname);
  } catch {
    throw new TargetUrlRefused('unresolvable', `target host ${hostname} does not resolve`);
  }
  if (addresses.length === 0 || addresses.some(({ address }) => isIP(address) === 0)) {
    throw new TargetUrlRefused('unresolvable', `target host ${hostname} has no usable address`);
  }
  return addresses;
}

async function systemLookup(hostname: string): Promise<ResolvedAddress[]> {
  const addresses = await dnsLookup(hostname, { all: true, verbatim: true });
  return addresses.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}
