import { createHmac, hkdfSync } from "node:crypto";
import { env } from "../env";

/** What a keyed hash is for: each purpose has its own key, so a hash of one kind never matches another kind's. */
export type KeyedHashPurpose = "fraud-card" | "fraud-email" | "fraud-address";

const keys = new Map<string, Buffer>();

/** HKDF-SHA256 of the master key (HOOKWARDEN_ENCRYPTION_KEY) for one purpose; cached per master key. */
function keyFor(purpose: KeyedHashPurpose): Buffer {
  const master = env().HOOKWARDEN_ENCRYPTION_KEY;
  const cacheKey = `${purpose}:${master}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", Buffer.from(master, "base64"), Buffer.from("hookwarden keyed hash"), Buffer.from(`${purpose} v1`), 32));
    keys.set(cacheKey, key);
  }
  return key;
}

/**
 * A keyed hash (HMAC-SHA256, 32 hex characters) of a personal value, to count and compare it
 * without storing it: equal values give equal hashes, and without the master key nobody can
 * test a guess against a stored hash. The key is derived from the master key, not from the data
 * keys, so hashes stay comparable across `hookwarden keys rotate`.
 */
export function keyedHash(purpose: KeyedHashPurpose, value: string): string {
  return createHmac("sha256", keyFor(purpose)).update(value, "utf8").digest("hex").slice(0, 32);
}
