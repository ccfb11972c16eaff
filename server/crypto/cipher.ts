import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * AES-256-GCM for payloads and secrets at rest.
 * Layout: [format 0x01][key version, 1 byte][IV, 12 bytes][tag, 16 bytes][ciphertext].
 * Every ciphertext names its key version, so that keys can be rotated (server/crypto/keyring.ts).
 */
const FORMAT = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 2 + IV_BYTES + TAG_BYTES;

export type EncryptionKey = { version: number; key: Buffer };

export function encryptionKeyFromBase64(base64: string, version = 1): EncryptionKey {
  const key = Buffer.from(base64, "base64");
  if (key.length !== 32) throw new Error("encryption key must be 32 bytes");
  return { version, key };
}

export function encrypt(plaintext: Uint8Array, { version, key }: EncryptionKey): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT, version]), iv, cipher.getAuthTag(), body]);
}

/** The key version a ciphertext names, or null when it is not a Hookwarden ciphertext at all. */
export function ciphertextVersion(ciphertext: Uint8Array): number | null {
  return ciphertext.length >= HEADER_BYTES && ciphertext[0] === FORMAT ? ciphertext[1]! : null;
}

export function decrypt(ciphertext: Uint8Array, keys: readonly EncryptionKey[]): Buffer {
  const data = Buffer.from(ciphertext);
  if (data.length < HEADER_BYTES || data[0] !== FORMAT) throw new Error("not a Hookwarden ciphertext");
  const key = keys.find((candidate) => candidate.version === data[1]);
  if (!key) throw new Error(`no encryption key with version ${data[1]}`);
  const decipher = createDecipheriv("aes-256-gcm", key.key, data.subarray(2, 2 + IV_BYTES));
  decipher.setAuthTag(data.subarray(2 + IV_BYTES, HEADER_BYTES));
  return Buffer.concat([decipher.update(data.subarray(HEADER_BYTES)), decipher.final()]);
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Short, non-reversible name for a secret: the first 12 hex characters of its SHA-256. */
export function fingerprint(secret: string): string {
  return sha256Hex(secret).slice(0, 12);
}
