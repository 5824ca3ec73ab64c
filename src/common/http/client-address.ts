import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/** TRUST_PROXY as HTTP config parses it: off, everything, a hop count, or addresses/CIDRs/named ranges. */
export type TrustProxy = boolean | number | string[];

/**
 * The client address of a raw request, exactly as Fastify's `request.ip` computes it for the same
 * `trustProxy` option (the same library, the same reading of each form), for code that answers before
 * Fastify builds its request object.
 */
export function clientAddressOf(trustProxy: TrustProxy): (raw: IncomingMessage) => string | undefined {
  if (trustProxy === false) return (raw) => raw.socket?.remoteAddress;
  const trust =
    trustProxy === true ? () => true : typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : proxyAddr.compile(trustProxy);
  return (raw) => {
    const addresses = proxyAddr.all(raw, trust);
    return addresses[addresses.length - 1];
  };
}
