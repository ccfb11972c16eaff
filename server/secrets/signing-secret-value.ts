import { recordAlert } from "../alerts/record-alert";
import { fingerprint } from "../crypto/cipher";
import { pool } from "../db";
import { log } from "../log";
import { databaseProvider } from "./database-provider";
import { readCachedSecret, SECRET_ALERT_KIND } from "./read-cached-secret";
import { parseSecretReference } from "./secret-reference";

export type StoredSigningSecret = { id: string; ciphertext: Uint8Array | null; reference: string | null; fingerprint: string };

/**
 * The value of one signing secret for intake: decrypted from the database, or read through the
 * secret cache from its provider (last good value during an outage). Null when an external
 * secret has never been readable: that one secret cannot verify, the endpoint's others still
 * do. When an external value has changed, the row's fingerprint follows it, so the console and
 * the CLI show which value is in use.
 */
export async function signingSecretValue(secret: StoredSigningSecret): Promise<string | null> {
  if (secret.ciphertext) return databaseProvider.read({ provider: "database", ciphertext: secret.ciphertext });
  if (!secret.reference) return null;
  let value: string | null;
  try {
    value = await readCachedSecret(parseSecretReference(secret.reference));
  } catch (error) {
    // The reference was readable when it was added; now its provider is not configured in this process.
    const message = `${secret.reference} cannot be read: ${error instanceof Error ? error.message : String(error)}`;
    await recordAlert({ kind: SECRET_ALERT_KIND, severity: "critical", subject: secret.reference, message, detail: { reference: secret.reference, keptLastGood: false } }).catch(() => undefined);
    return null;
  }
  if (value === null) return null;
  const print = fingerprint(value);
  if (print !== secret.fingerprint) await followFingerprint(secret, print);
  return value;
}

async function followFingerprint(secret: StoredSigningSecret, print: string): Promise<void> {
  try {
    await pool().query(`UPDATE signing_secret SET fingerprint = $1 WHERE id = $2::uuid AND fingerprint = $3`, [print, secret.id, secret.fingerprint]);
    log.info("a referenced signing secret changed at its provider", { reference: secret.reference, was: secret.fingerprint, now: print });
  } catch (error) {
    // Another secret of the endpoint already has this value: both verify, the fingerprint stays.
    // PostgreSQL's unique_violation (23505), on (endpoint_id, fingerprint).
    if ((error as { code?: unknown } | null)?.code !== "23505") throw error;
    log.warn("a referenced signing secret now holds the value of another secret of its endpoint", { reference: secret.reference, fingerprint: print });
  }
}
