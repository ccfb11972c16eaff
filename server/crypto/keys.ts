import { env } from "../env";
import { decrypt, encrypt, encryptionKeyFromBase64, type EncryptionKey } from "./cipher";

let cached: { source: string; key: EncryptionKey } | undefined;

/** The current encryption key, from HOOKWARDEN_ENCRYPTION_KEY. */
export function currentEncryptionKey(): EncryptionKey {
  const source = env().HOOKWARDEN_ENCRYPTION_KEY;
  if (cached?.source !== source) cached = { source, key: encryptionKeyFromBase64(source) };
  return cached.key;
}

/** Ciphertext for a bytea column (a plain ArrayBuffer-backed copy, as Prisma's types ask). */
export function sealAtRest(plaintext: Uint8Array | string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(encrypt(typeof plaintext === "string" ? Buffer.from(plaintext, "utf8") : plaintext, currentEncryptionKey()));
}

export function openAtRest(ciphertext: Uint8Array): Buffer {
  return decrypt(ciphertext, [currentEncryptionKey()]);
}
