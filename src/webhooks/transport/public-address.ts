import { BlockList, isIPv4, isIPv6 } from 'node:net';

type Subnet = readonly [network: string, prefix: number];

/** IANA special-purpose IPv4 blocks: none of them is a place a webhook should reach from inside our network. */
const NON_PUBLIC_IPV4: readonly Subnet[] = [
  ['0.0.0.0', 8], // "this network": 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT, often the cloud provider's own network
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, home of the cloud metadata endpoints
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4], // reserved, and the broadcast address
];

/**
 * Only global unicast (2000::/3) is routable on the internet, which already leaves out ::1, ::, fc00::/7,
 * fe80::/10, ff00::/8 and the deprecated IPv4-compatible ::/96; these are the non-public blocks inside it.
 */
const NON_PUBLIC_IPV6_IN_GLOBAL_UNICAST: readonly Subnet[] = [
  ['2001::', 23], // protocol assignments: Teredo tunnels, benchmarking, ORCHID
  ['2001:db8::', 32],
  ['3fff::', 20],
];

/** IPv6 forms that carry an IPv4 address: the embedded address must be public, checked by the same IPv4 list. */
const IPV4_EMBEDDINGS: ReadonlyArray<{ network: string; prefix: number; embed: (octets: number[]) => string }> = [
  { network: '::ffff:0:0', prefix: 96, embed: (octets) => `::ffff:${octets.join('.')}` },
  { network: '64:ff9b::', prefix: 96, embed: (octets) => `64:ff9b::${octets.join('.')}` }, // NAT64
  { network: '2002::', prefix: 16, embed: (octets) => `2002:${hexGroup(octets[0], octets[1])}:${hexGroup(octets[2], octets[3])}::` }, // 6to4
];

const nonPublic = new BlockList();
const routableIpv6 = new BlockList();

for (const [network, prefix] of NON_PUBLIC_IPV4) {
  nonPublic.addSubnet(network, prefix, 'ipv4');
  const octets = network.split('.').map(Number);
  for (const embedding of IPV4_EMBEDDINGS) nonPublic.addSubnet(embedding.embed(octets), embedding.prefix + prefix, 'ipv6');
}
for (const [network, prefix] of NON_PUBLIC_IPV6_IN_GLOBAL_UNICAST) nonPublic.addSubnet(network, prefix, 'ipv6');
routableIpv6.addSubnet('2000::', 3, 'ipv6');
for (const { network, prefix } of IPV4_EMBEDDINGS) routableIpv6.addSubnet(network, prefix, 'ipv6');

/** True only for a unicast address reachable on the public internet; anything that is not an IP address is false. */
export function isPublicAddress(address: string): boolean {
  if (isIPv4(address)) return !nonPublic.check(address, 'ipv4');
  // The zone only picks the interface of a link-local address, which the prefix check refuses anyway.
  const withoutZone = address.split('%')[0];
  if (!isIPv6(withoutZone)) return false;
  return routableIpv6.check(withoutZone, 'ipv6') && !nonPublic.check(withoutZone, 'ipv6');
}

function hexGroup(high: number, low: number): string {
  return ((high << 8) | low).toString(16);
}
