import { ciphertextVersion, type EncryptionKey } from "./cipher";
import { keyringLoaded, processKeyring, refreshKeyring } from "./load-keyring";

/** The key new ciphertexts are sealed with: the current version of this process's keyring (load-keyring.ts). */
export function currentEncryptionKey(): EncryptionKey {
  return processKeyring().currentKey();
}

/**
 * Ciphertext for a bytea column (a plain ArrayBuffer-backed copy, as Prisma's types ask),
 * under the current key version. Synchronous and local: intake's hot path stays one statement.
 */
export function sealAtRest(plaintext: Uint8Array | string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(processKeyring().seal(typeof plaintext === "string" ? Buffer.from(plaintext, "utf8") : plaintext));
}

/**
 * Plaintext of a ciphertext of any version this process holds. A version it does not hold
 * is an error naming that version, and starts a refresh so that a retry can succeed.
 */
export function openAtRest(ciphertext: Uint8Array): Buffer {
  const ring = processKeyring();
  const version = ciphertextVersion(ciphertext);
  if (version !== null && !ring.has(version)) {
    if (!keyringLoaded()) {
      throw new Error(`this ciphertext needs encryption key version ${version}, and this process never loaded its keyring from the database (loadKeyring at start)`);
    }
    refreshKeyring().catch(() => undefined);
  }
  return ring.open(ciphertext);
}
