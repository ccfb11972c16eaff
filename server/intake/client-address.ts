/**
 * The address a request came from. Our server (scripts/serve.ts) writes the TCP
 * peer into PEER_HEADER, replacing anything a client sent under that name.
 * X-Forwarded-For is believed only when the peer is a configured trusted proxy:
 * we walk it from the right and take the first address that is not a proxy.
 */
export const PEER_HEADER = "x-hookwarden-peer";

export function normaliseAddress(address: string): string {
  const trimmed = address.trim();
  return trimmed.startsWith("::ffff:") && trimmed.includes(".") ? trimmed.slice(7) : trimmed;
}

export function clientAddress(headers: Headers, trustedProxies: readonly string[]): string | null {
  const peerHeader = headers.get(PEER_HEADER);
  if (!peerHeader) return null;
  const peer = normaliseAddress(peerHeader);
  if (!trustedProxies.includes(peer)) return peer;
  const forwarded = (headers.get("x-forwarded-for") ?? "").split(",").map(normaliseAddress).filter(Boolean);
  for (let i = forwarded.length - 1; i >= 0; i--) {
    if (!trustedProxies.includes(forwarded[i]!)) return forwarded[i]!;
  }
  return peer;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1)$/;

/** True for a request from this machine (used to guard pages until sign-in exists). */
export function isLoopback(address: string | null): boolean {
  return address !== null && LOOPBACK.test(address);
}
