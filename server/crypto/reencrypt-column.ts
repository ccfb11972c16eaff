import { withTransaction } from "../db";
import { countCiphertextsNotIn } from "./count-ciphertexts";
import { columnName, type EncryptedColumn } from "./encrypted-columns";
import type { Keyring } from "./keyring";

export type ReencryptProgress = {
  /** `table.column` */
  column: string;
  /** Records re-encrypted in this pass so far. */
  done: number;
  /** Records of another version than the current one when the pass began. */
  total: number;
  /** Records a second, this pass. */
  rate: number;
  /** True on the pass's last report. */
  finished: boolean;
};

/**
 * One pass over a column: every ciphertext of another version than the ring's current one is
 * decrypted and sealed again with the current one, in batches walked by primary key. A batch is
 * one short transaction: it locks its rows with SKIP LOCKED (a row that intake or processing
 * holds is left for the next pass, and neither ever waits on the rotation for longer than one
 * batch), and its UPDATE writes a row only if it still holds the ciphertext that was read, so a
 * concurrent writer is never overwritten. Rows already current are skipped, which is what makes
 * a rotation resumable: a crash loses at most one uncommitted batch, never a record.
 */
export async function reencryptColumn(
  column: EncryptedColumn,
  ring: Keyring,
  options: { batchSize: number; report: (progress: ReencryptProgress) => void | Promise<void> },
): Promise<number> {
  const name = columnName(column);
  const current = Buffer.from([ring.current]);
  const total = await countCiphertextsNotIn(column, ring.current);
  const startedAt = Date.now();
  let done = 0;
  let after: string | null = null;
  const progress = (finished: boolean): ReencryptProgress => ({ column: name, done, total, rate: Math.round(done / Math.max((Date.now() - startedAt) / 1000, 0.001)), finished });
  const { table, column: col, key, keyType } = column;
  const select = (cursor: boolean) =>
    `SELECT "${key}"::text AS key, "${col}" AS ciphertext FROM "${table}"
     WHERE "${col}" IS NOT NULL AND substring("${col}" from 2 for 1) <> $1::bytea ${cursor ? `AND "${key}" > $3::${keyType}` : ""}
     ORDER BY "${key}" LIMIT $2 FOR UPDATE SKIP LOCKED`;
  const update = `UPDATE "${table}" AS t SET "${col}" = v.sealed
     FROM unnest($1::${keyType}[], $2::bytea[], $3::bytea[]) AS v(key, was, sealed)
     WHERE t."${key}" = v.key AND t."${col}" = v.was RETURNING t."${key}"`;

  while (total > 0) {
    const values: unknown[] = after === null ? [current, options.batchSize] : [current, options.batchSize, after];
    const batch = await withTransaction(async (sql) => {
      const rows = await sql.query<{ key: string; ciphertext: Buffer }>(select(after !== null), values);
      if (rows.length === 0) return null;
      const sealed = rows.map((row) => {
        try {
          return ring.seal(ring.open(row.ciphertext));
        } catch (error) {
          throw new Error(`${name} of row ${row.key} cannot be decrypted, so it cannot be re-encrypted: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
      const updated = await sql.query(update, [rows.map((row) => row.key), rows.map((row) => row.ciphertext), sealed]);
      return { updated: updated.length, last: rows[rows.length - 1]!.key };
    });
    if (!batch) break;
    done += batch.updated;
    after = batch.last;
    await options.report(progress(false));
  }
  await options.report(progress(true));
  return done;
}
