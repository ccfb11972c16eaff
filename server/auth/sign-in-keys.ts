import { createHmac } from "node:crypto";
import { isIPv6 } from "node:net";
import { env } from "../env";

/**
 * What the rate limit counts an account by: an HMAC of the lowercased e-mail address
 * tried, never the text itself. People type passwords into the e-mail field, and an
 * unsalted hash of one would be a crackable password at rest.
 */
export function accountKey(email: string): string {
  return createHmac("sha256", env().NEXTAUTH_SECRET).update(`sign-in-account\0${email.trim().toLowerCase()}`).digest("base64url");
}

/** Expands an IPv6 address to its 8 groups (`::` filled with zeros). */
function ipv6Groups(address: string): string[] {
  const [head = "", tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return groups.map((group) => group.padStart(4, "0").toLowerCase());
}

/**
 * What the rate limit counts a source by: the address itself for IPv4, the /64
 * network for IPv6 (one subscriber usually holds a whole /64, so counting single
 * IPv6 addresses would let one attacker rotate through billions of them).
 */
export function addressKey(address: string | null): string | null {
  if (!address) return null;
  const bare = address.replace(/%.*$/, "");
  if (!isIPv6(bare) || bare.includes(".")) return address;
  return `${ipv6Groups(bare).slice(0, 4).join(":")}::/64`;
}
