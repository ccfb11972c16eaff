import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * Where a destination may send: never, unless an admin allowed it for that destination,
 * to this machine, a private network, a link-local address or a cloud metadata service
 * (no SSRF). The check is made on every address the host name resolves to, at every
 * attempt, and the request then connects to the very address that was checked, so a
 * name that resolves differently between check and connect (DNS rebinding) gains nothing.
 */
const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  INTERNAL.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["fc00::", 7], // unique local (fd00:ec2::254 is AWS's metadata service)
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
  ["64:ff9b::", 96], // NAT64 of IPv4 addresses
] as const) {
  INTERNAL.addSubnet(network, prefix, "ipv6");
}

/** Host names that always mean a metadata service or this machine, whatever they resolve to. */
const INTERNAL_NAMES = /^(localhost|.*\.localhost|metadata|metadata\.google\.internal|.*\.internal)$/i;

/** Whether an IP address is internal: loopback, private, link-local, metadata, multicast or reserved (IPv4-mapped IPv6 counts as its IPv4). */
export function isInternalAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return INTERNAL.check(mapped[1]!, "ipv4");
  const family = isIP(bare);
  if (family === 4) return INTERNAL.check(bare, "ipv4");
  if (family === 6) return INTERNAL.check(bare, "ipv6");
  return true; // not an address at all: never trusted
}

/** Why a destination URL cannot be used, or null. Plain http is for internal destinations only (an admin's explicit choice). */
export function destinationUrlProblem(value: string, allowInternal: boolean): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be a URL, such as https://app.example.com/webhooks/hookwarden";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must start with https://";
  if (url.protocol === "http:" && !allowInternal) return "must use https:// (plain http:// only for a destination an admin allowed to reach internal addresses)";
  if (!url.hostname) return "must name a host";
  if (url.username || url.password) return "must not contain user:password@ (the receiver verifies each message's signature instead)";
  if (url.hash) return "must not contain a #fragment";
  if (!allowInternal && (INTERNAL_NAMES.test(url.hostname) || (isIP(url.hostname.replace(/^\[|\]$/g, "")) !== 0 && isInternalAddress(url.hostname)))) {
    return "reaches an internal address (this machine, a private network, link-local or a metadata service): only an admin can allow that, per destination";
  }
  return null;
}

export class RefusedAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RefusedAddressError";
  }
}

/** The address to connect to for `hostname`: every address it resolves to must be allowed. Throws RefusedAddressError. */
export async function resolveAllowedAddress(hostname: string, allowInternal: boolean): Promise<{ address: string; family: number }> {
  const host = hostname.replace(/^\[|\]$/g, "");
  if (!allowInternal && INTERNAL_NAMES.test(host)) throw new RefusedAddressError(`${host} is an internal name`);
  const family = isIP(host);
  const addresses = family !== 0 ? [{ address: host, family }] : await lookup(host, { all: true, verbatim: true }).catch((error: NodeJS.ErrnoException) => {
    throw new RefusedAddressError(`${host} could not be resolved (${error.code ?? "error"})`);
  });
  if (addresses.length === 0) throw new RefusedAddressError(`${host} resolves to no address`);
  if (!allowInternal) {
    const internal = addresses.find((entry) => isInternalAddress(entry.address));
    if (internal) throw new RefusedAddressError(`${host} resolves to an internal address (${internal.address}); an admin can allow internal addresses for this destination`);
  }
  return addresses[0]!;
}
