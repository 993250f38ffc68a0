import ipaddr from "ipaddr.js";

/** The header our own server hook (instrumentation.ts) sets to the TCP peer's address, overwriting any client value. */
export const PEER_ADDRESS_HEADER = "x-forja-peer-address";

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** An address or CIDR range ("10.0.0.0/8", "::1", "192.0.2.7"); throws on anything else (configuration errors are loud). */
export function parseRange(text: string): Range {
  const value = text.trim();
  if (value.includes("/")) return ipaddr.parseCIDR(value);
  const address = ipaddr.parse(value);
  return [address, address.kind() === "ipv4" ? 32 : 128];
}

/** IPv4-mapped IPv6 (::ffff:10.0.0.1) compares as IPv4. */
function normalized(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const value = text.trim().replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(value)) return null;
  const address = ipaddr.parse(value);
  return address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
}

export function inRanges(address: string, ranges: readonly Range[]): boolean {
  const parsed = normalized(address);
  if (!parsed) return false;
  return ranges.some(([base, bits]) => {
    const candidate = parsed.kind() === base.kind() ? parsed : parsed.kind() === "ipv4" ? (parsed as ipaddr.IPv4).toIPv4MappedAddress() : null;
    return candidate !== null && candidate.kind() === base.kind() && candidate.match([base, bits] as never);
  });
}

/**
 * The client's address. The TCP peer is the client unless it is one of the trusted proxies; then X-Forwarded-For
 * is read from the right, skipping trusted proxies, and the first other address is the client. Anything a client
 * writes into X-Forwarded-For itself sits to the left of that and is never believed.
 */
export function clientAddress(peer: string | null, forwardedFor: string | null, trustedProxies: readonly Range[]): string {
  const peerAddress = peer ? normalized(peer) : null;
  if (!peerAddress) return "unknown";
  if (!inRanges(peerAddress.toString(), trustedProxies)) return peerAddress.toString();
  const hops = (forwardedFor ?? "").split(",").map((h) => h.trim()).filter(Boolean).reverse();
  for (const hop of hops) {
    const address = normalized(hop);
    if (!address) return peerAddress.toString();
    if (!inRanges(address.toString(), trustedProxies)) return address.toString();
  }
  return peerAddress.toString();
}

/** The client address of a request, from its headers (route handlers, server actions, next-auth). */
export function clientAddressOf(get: (name: string) => string | null | undefined, trustedProxies: readonly Range[]): string {
  return clientAddress(get(PEER_ADDRESS_HEADER) ?? null, get("x-forwarded-for") ?? null, trustedProxies);
}
