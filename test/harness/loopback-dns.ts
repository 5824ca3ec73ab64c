import dns, { type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';

/**
 * Every spec runs with this in place of the system resolver: IP literals and `localhost` resolve, any other name is
 * ENOTFOUND without a query leaving the machine. Tests talk to loopback only, and code under test that resolves a
 * hostname it was handed (a webhook target, a fuzzed URL) must never reach a real DNS server.
 */
function resolveLocally(hostname: string, family: number | undefined): LookupAddress[] {
  const literal = isIP(hostname);
  const found: LookupAddress[] = literal
    ? [{ address: hostname, family: literal }]
    : hostname === 'localhost' || hostname.endsWith('.localhost')
      ? [
          { address: '127.0.0.1', family: 4 },
          { address: '::1', family: 6 },
        ]
      : [];
  const wanted = found.filter((address) => !family || address.family === family);
  if (!wanted.length) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname });
  return wanted;
}

type LookupOptions = number | { family?: number | string; all?: boolean } | undefined;
const familyOf = (options: LookupOptions) => {
  const family = typeof options === 'number' ? options : options?.family;
  return family === 'IPv4' ? 4 : family === 'IPv6' ? 6 : Number(family) || undefined;
};
const wantsAll = (options: LookupOptions) => typeof options === 'object' && options.all === true;

function lookup(hostname: string, options: LookupOptions | ((...args: unknown[]) => void), callback?: (...args: unknown[]) => void): void {
  const done = (typeof options === 'function' ? options : callback)!;
  const settings = typeof options === 'function' ? undefined : options;
  process.nextTick(() => {
    try {
      const addresses = resolveLocally(hostname, familyOf(settings));
      if (wantsAll(settings)) done(null, addresses);
      else done(null, addresses[0].address, addresses[0].family);
    } catch (error) {
      done(error);
    }
  });
}

async function lookupPromise(hostname: string, options?: LookupOptions): Promise<LookupAddress | LookupAddress[]> {
  const addresses = resolveLocally(hostname, familyOf(options));
  return wantsAll(options) ? addresses : addresses[0];
}

Object.assign(dns, { lookup });
Object.assign(dns.promises, { lookup: lookupPromise });
