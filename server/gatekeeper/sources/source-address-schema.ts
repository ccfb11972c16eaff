import { isIP } from "node:net";
import { z } from "zod";
import { normaliseAddress } from "../../intake/client-address";

/**
 * An address as intake compares it: an IPv4-mapped IPv6 address as its IPv4 form, IPv6 in the
 * compressed lower-case form Node reports peers in (`2001:DB8:0::1` → `2001:db8::1`).
 */
export function canonicalAddress(address: string): string | null {
  const trimmed = normaliseAddress(address);
  const family = isIP(trimmed);
  if (family === 4) return trimmed;
  if (family !== 6 || trimmed.includes("%")) return null;
  try {
    return new URL(`http://[${trimmed}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
}

/** One IPv4 or IPv6 address (no range, no port), canonicalised. */
export const SourceAddressSchema = z
  .string({ error: "address is an IPv4 or IPv6 address" })
  .trim()
  .max(64, "address is an IPv4 or IPv6 address")
  .transform((value, context) => {
    const address = canonicalAddress(value);
    if (address === null) {
      context.addIssue({ code: "custom", message: `"${value.slice(0, 64)}" is not an IPv4 or IPv6 address (one address, no range or port: Stripe publishes single addresses)` });
      return z.NEVER;
    }
    return address;
  });
