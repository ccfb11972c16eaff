/**
 * Envelope encryption: the keys that payloads and secrets at rest are encrypted with.
 *
 * HOOKWARDEN_ENCRYPTION_KEY is the master key. Data keys are random 32-byte keys, stored in
 * the `encryption_key` table wrapped (AES-256-GCM) by the master key. Every ciphertext names
 * the version of the key that sealed it (cipher.ts), so a process decrypts with whichever
 * version a record names and encrypts with the one `current` version.
 *
 * Version 1 is special, for the installs that existed before data keys did: version 1 IS the
 * master key, it has no wrapped key, and a database with no `encryption_key` row has version 1
 * as its current key. That rule lives here, in `keyringFromStoredKeys`, and nowhere else.
 *
 * A key's life: `pending` (every process can read with it, none encrypts with it), `current`
 * (encrypts), `draining` (readable; a rotation is re-encrypting its ciphertexts), `retired`
 * (readable; none of its ciphertexts were left when it retired). Keys are never deleted: a
 * backup may still hold ciphertexts of any version. See rotate-encryption-key.ts.
 */
import { EnvError } from "../env";
import { ciphertextVersion, decrypt, encrypt, encryptionKeyFromBase64, type EncryptionKey } from "./cipher";

/** How often every process re-reads the keys (one query of a table of at most 255 rows). */
export const KEYRING_REFRESH_MS = 5_000;

/**
 * How long a rotation waits after making a key readable before encrypting with it, and after
 * encrypting with it before retiring the old one: two refresh intervals and a second, so that
 * every process has refreshed at least once even if one of its refreshes was slow.
 */
export const KEY_SETTLE_MS = 2 * KEYRING_REFRESH_MS + 1_000;

export const MASTER_KEY_VERSION = 1;
/** A ciphertext names its key version in one byte. */
export const MAX_KEY_VERSION = 255;

export const KEY_STATUSES = ["pending", "current", "draining", "retired"] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

/** A row of `encryption_key`, as far as the keyring needs it. */
export type StoredKey = { version: number; status: KeyStatus; wrappedKey: Uint8Array | null };

export class Keyring {
  readonly current: number;
  private readonly keys: ReadonlyMap<number, { key: EncryptionKey; status: KeyStatus }>;

  constructor(keys: ReadonlyMap<number, { key: EncryptionKey; status: KeyStatus }>) {
    const current = [...keys.entries()].filter(([, entry]) => entry.status === "current");
    if (current.length !== 1) throw new Error(`a keyring needs exactly one current key (found ${current.length})`);
    this.keys = keys;
    this.current = current[0]![0];
  }

  /** Versions this keyring can decrypt, with their status, in order. */
  versions(): { version: number; status: KeyStatus }[] {
    return [...this.keys.entries()].map(([version, { status }]) => ({ version, status })).sort((a, b) => a.version - b.version);
  }

  has(version: number): boolean {
    return this.keys.has(version);
  }

  currentKey(): EncryptionKey {
    return this.keys.get(this.current)!.key;
  }

  /** Encrypts with the current version. */
  seal(plaintext: Uint8Array): Buffer {
    return encrypt(plaintext, this.currentKey());
  }

  /** Decrypts with the version the ciphertext names, whatever its status. */
  open(ciphertext: Uint8Array): Buffer {
    const version = ciphertextVersion(ciphertext);
    if (version === null) throw new Error("not a Hookwarden ciphertext");
    const entry = this.keys.get(version);
    if (!entry) {
      const known = this.versions().map((key) => key.version).join(", ");
      throw new Error(`this ciphertext needs encryption key version ${version}, which this process does not hold (it holds ${known}): the key was added after its last refresh, or HOOKWARDEN_ENCRYPTION_KEY is not this database's master key`);
    }
    return decrypt(ciphertext, [entry.key]);
  }
}

/**
 * The rotation a crash left unfinished, from the keys' statuses alone: a `pending` key still
 * to be made current, or `draining` keys whose ciphertexts are still to be moved to the current one.
 */
export function unfinishedRotation(keys: readonly { version: number; status: KeyStatus }[]): { version: number; step: "pending" | "draining" } | null {
  const pending = keys.find((key) => key.status === "pending");
  if (pending) return { version: pending.version, step: "pending" };
  const current = keys.find((key) => key.status === "current");
  return current && keys.some((key) => key.status === "draining") ? { version: current.version, step: "draining" } : null;
}

/** A data key, sealed by the master key (so the wrapped form names version 1). */
export function wrapDataKey(dataKey: Uint8Array, master: EncryptionKey): Buffer {
  return encrypt(dataKey, { version: MASTER_KEY_VERSION, key: master.key });
}

/**
 * The keyring of a database's stored keys under a master key (base64, as configured).
 * No row: version 1, the master key, is current, exactly as before data keys existed.
 * A wrapped key the master cannot open is a configuration error, said as one.
 */
export function keyringFromStoredKeys(masterBase64: string, stored: readonly StoredKey[]): Keyring {
  const master = encryptionKeyFromBase64(masterBase64, MASTER_KEY_VERSION);
  const keys = new Map<number, { key: EncryptionKey; status: KeyStatus }>();
  const storedMaster = stored.find((row) => row.version === MASTER_KEY_VERSION);
  keys.set(MASTER_KEY_VERSION, { key: master, status: storedMaster?.status ?? (stored.length === 0 ? "current" : "retired") });
  for (const row of stored) {
    if (row.version === MASTER_KEY_VERSION) continue;
    if (!row.wrappedKey) throw new Error(`encryption key version ${row.version} has no wrapped key`);
    let key: Buffer;
    try {
      key = decrypt(row.wrappedKey, [master]);
    } catch {
      throw new EnvError(
        `HOOKWARDEN_ENCRYPTION_KEY cannot open encryption key version ${row.version} stored in the database: it is not the master key this database was set up with. ` +
          "Set the original key (the embedded default keeps it in the data folder, encryption.key).",
      );
    }
    keys.set(row.version, { key: { version: row.version, key }, status: row.status });
  }
  return new Keyring(keys);
}
