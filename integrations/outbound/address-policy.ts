import { BlockList, isIP } from 'node:net';

// IANA special-purpose IPv4 ranges: nothing here is a partner's public server.
const NON_PUBLIC_IPV4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network", 0.0.0.0 reaches the local host
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata endpoints
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

// IPv6 prefixes that carry an IPv4 address in their last 32 bits and reach it.
const IPV4_CARRYING_PREFIXES = ['::ffff:', '64:ff9b::'];

const nonPublic = new BlockList();
for (const [network, prefix] of NON_PUBLIC_IPV4) {
  nonPublic.addSubnet(network, prefix, 'ipv4');
  for (const carrier of IPV4_CARRYING_PREFIXES) {
    nonPublic.addSubnet(`${carrier}${network}`, 96 + prefix, 'ipv6');
  }
}
// Special-purpose ranges inside global unicast: Teredo/ORCHID (2001::/23), documentation, 6to4.
nonPublic.addSubnet('2001::', 23, 'ipv6');
nonPublic.addSubnet('2001:db8::', 32, 'ipv6');
nonPublic.addSubnet('2002::', 16, 'ipv6');
nonPublic.addSubnet('3fff::', 20, 'ipv6');

// Only global unicast and the IPv4-carrying prefixes can be public in IPv6; this rules
// out ::, ::1, link-local, unique-local, site-local and multicast without listing them.
const publicCandidatesV6 = new BlockList();
publicCandidatesV6.addSubnet('2000::', 3, 'ipv6');
publicCandidatesV6.addSubnet('::ffff:0.0.0.0', 96, 'ipv6');
publicCandidatesV6.addSubnet('64:ff9b::', 96, 'ipv6');

/**
 * True when `address` (an IP literal without brackets) is a public unicast address:
 * not private, loopback, link-local, unique-local, CGNAT, multicast, unspecified,
 * documentation, nor an IPv4-mapped or NAT64 form of any of these.
 */
export function isPublicAddress(address: string): boolean {
  // A zone id (fe80::1%eth0) only exists on link-local addresses.
  if (address.includes('%')) return false;
  const family = isIP(address);
  if (family === 4) return !nonPublic.check(address, 'ipv4');
  if (family === 6) {
    return publicCandidatesV6.check(address, 'ipv6') && !nonPublic.check(address, 'ipv6');
  }
  return false;
}
