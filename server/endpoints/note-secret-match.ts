import { pool } from "../db";
import { log } from "../log";

/** A secret's "last matched" time is written at most this often per process. */
const WRITE_EVERY_MS = 60_000;
const lastWritten = new Map<string, number>();

/**
 * Remembers that a secret verified a delivery, without putting a write on every
 * delivery: at most one UPDATE per secret per minute, after the answer path.
 */
export function noteSecretMatch(secretId: string, at: Date): void {
  const previous = lastWritten.get(secretId);
  if (previous !== undefined && at.getTime() - previous < WRITE_EVERY_MS) return;
  lastWritten.set(secretId, at.getTime());
  pool()
    .query(`UPDATE signing_secret SET last_matched_at = $2 WHERE id = $1 AND (last_matched_at IS NULL OR last_matched_at < $2)`, [secretId, at])
    .catch((error: unknown) => log.warn("could not note a secret match", { error }));
}
