import { runPurgeBatches, type PurgeOutcome } from "./purge-record";
import { SETTLED_STATUSES } from "./retention-kinds";

// One statement a batch: lock the oldest settled events (skipping rows someone holds), delete
// their status history and the events (their deliveries go with them, ON DELETE CASCADE), and
// say what went. The books (payment_transaction, transaction_link, effect, subscription,
// subscription_invoice, quarantine_item) are not touched: they keep the figures.
const PURGE_BATCH = `
WITH batch AS (
  SELECT id, first_received_at FROM stripe_event
  WHERE first_received_at < $1 AND status = ANY($2::text[])
  ORDER BY first_received_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
), deliveries AS (
  SELECT count(*)::int AS n, min(d.id)::text AS min_id, max(d.id)::text AS max_id FROM delivery d JOIN batch ON d.event_id = batch.id
), history AS (
  DELETE FROM event_status_change c USING batch WHERE c.event_id = batch.id RETURNING c.id
), events AS (
  DELETE FROM stripe_event e USING batch WHERE e.id = batch.id RETURNING e.id
)
SELECT (SELECT count(*)::int FROM events) AS events, (SELECT count(*)::int FROM history) AS history,
       deliveries.n AS deliveries, deliveries.min_id, deliveries.max_id,
       (SELECT min(first_received_at) FROM batch) AS oldest_at, (SELECT max(first_received_at) FROM batch) AS newest_at
FROM deliveries`;

/**
 * Deletes settled events first received before `cutoff`, with their deliveries and status
 * history, in batches (one transaction each, counted in the run's `retention_purge` record).
 * What processing wrote to the books stays: amounts, statuses, links, effects and quarantine
 * decisions outlive the events that caused them. Unsettled events are never deleted.
 */
export function purgeRecords(options: { cutoff: Date; batchSize: number; requestedBy: string }): Promise<PurgeOutcome> {
  return runPurgeBatches("records", { ...options, tables: ["stripe_event", "delivery", "event_status_change"] }, async (sql) => {
    const [row] = await sql.query<{ events: number; history: number; deliveries: number; min_id: string | null; max_id: string | null; oldest_at: Date | null; newest_at: Date | null }>(
      PURGE_BATCH,
      [options.cutoff, SETTLED_STATUSES, options.batchSize],
    );
    if (!row || row.events === 0) return null;
    return {
      counts: { stripe_event: row.events, delivery: row.deliveries, event_status_change: row.history },
      oldestAt: row.oldest_at,
      newestAt: row.newest_at,
      deliveryIds: row.min_id && row.max_id ? { min: row.min_id, max: row.max_id } : null,
    };
  });
}
