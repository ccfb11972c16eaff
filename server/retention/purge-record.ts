import { pool, withTransaction, type Sql } from "../db";
import { PURGE_STALE_MS, type RetentionKind } from "./retention-kinds";

export type PurgeBatch = {
  counts: Record<string, number>;
  oldestAt: Date | null;
  newestAt: Date | null;
  deliveryIds?: { min: string; max: string } | null;
};

export type PurgeOutcome = { purgeId: string; counts: Record<string, number>; batches: number };

/**
 * A purge run: opens its `retention_purge` record, runs `batch` in one transaction after
 * another until one finds nothing, adds each batch's counts to the record in that batch's
 * transaction, and closes the record (failed, with the error, when a batch throws).
 */
export async function runPurgeBatches(
  kind: RetentionKind,
  options: { cutoff: Date; requestedBy: string; tables: string[] },
  batch: (sql: Sql) => Promise<PurgeBatch | null>,
): Promise<PurgeOutcome> {
  const purgeId = await startPurgeRecord(kind, options.cutoff, options.requestedBy);
  const counts: Record<string, number> = Object.fromEntries(options.tables.map((table) => [table, 0]));
  let batches = 0;
  try {
    for (;;) {
      const done = await withTransaction(async (sql) => {
        const found = await batch(sql);
        if (found) await notePurgeBatch(sql, purgeId, found);
        return found;
      });
      if (!done) break;
      for (const [table, count] of Object.entries(done.counts)) counts[table] = (counts[table] ?? 0) + count;
      batches += 1;
    }
  } catch (error) {
    await finishPurgeRecord(purgeId, error);
    throw error;
  }
  await finishPurgeRecord(purgeId);
  return { purgeId, counts, batches };
}

/** Opens the record of a purge run: what it is about, before it touches anything. */
async function startPurgeRecord(kind: RetentionKind, cutoff: Date, requestedBy: string): Promise<string> {
  const { rows } = await pool().query<{ id: string }>(
    `INSERT INTO retention_purge (id, kind, requested_by, cutoff) VALUES (gen_random_uuid(), $1, $2, $3) RETURNING id`,
    [kind, requestedBy, cutoff],
  );
  return rows[0]!.id;
}

/**
 * Adds one batch to the run's record, in the batch's own transaction: the counts are exact
 * whenever the run stops, since a batch and its tally commit together or not at all.
 */
async function notePurgeBatch(sql: Sql, purgeId: string, batch: PurgeBatch): Promise<void> {
  await sql.query(
    `UPDATE retention_purge SET
       counts = (SELECT coalesce(jsonb_object_agg(key, total), '{}'::jsonb) FROM (
         SELECT key, sum(value::bigint) AS total FROM (
           SELECT key, value FROM jsonb_each_text(counts) UNION ALL SELECT key, value FROM jsonb_each_text($2::jsonb)
         ) AS parts GROUP BY key) AS sums),
       oldest_at = LEAST(oldest_at, $3::timestamptz), newest_at = GREATEST(newest_at, $4::timestamptz),
       delivery_ids = CASE WHEN $5::jsonb IS NULL THEN delivery_ids
         WHEN delivery_ids IS NULL THEN $5::jsonb
         ELSE jsonb_build_object('min', LEAST((delivery_ids->>'min')::bigint, ($5::jsonb->>'min')::bigint)::text,
                                 'max', GREATEST((delivery_ids->>'max')::bigint, ($5::jsonb->>'max')::bigint)::text) END,
       batches = batches + 1, heartbeat_at = now()
     WHERE id = $1::uuid`,
    [purgeId, JSON.stringify(batch.counts), batch.oldestAt, batch.newestAt, batch.deliveryIds ? JSON.stringify(batch.deliveryIds) : null],
  );
}

/** Closes the record: succeeded, or failed with the error (a message, never a payload). */
async function finishPurgeRecord(purgeId: string, error: unknown = null): Promise<void> {
  const message = error === null ? null : (error instanceof Error ? error.message : String(error)).slice(0, 1_000);
  await pool().query(`UPDATE retention_purge SET status = $2, finished_at = now(), heartbeat_at = now(), error = $3 WHERE id = $1::uuid`, [
    purgeId,
    message === null ? "succeeded" : "failed",
    message,
  ]);
}

/** Marks runs whose process stopped mid-way as failed ("interrupted"); what they did stays counted, and the next run finishes the work. */
export async function failInterruptedPurges(now = new Date()): Promise<number> {
  const { rowCount } = await pool().query(
    `UPDATE retention_purge SET status = 'failed', finished_at = heartbeat_at, error = 'interrupted: its process stopped; the next run finishes the work'
     WHERE status = 'running' AND heartbeat_at < $1`,
    [new Date(now.getTime() - PURGE_STALE_MS)],
  );
  return rowCount ?? 0;
}
