import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A Stripe-looking id such as `evt_1Pgc76B7WZ01zgkW...` (24 characters after the prefix). */
export function stripeId(prefix: string): string {
  const bytes = randomBytes(24);
  let suffix = "1";
  for (let i = 0; i < 23; i++) suffix += ALPHABET[bytes[i]! % ALPHABET.length];
  return `${prefix}_${suffix}`;
}
