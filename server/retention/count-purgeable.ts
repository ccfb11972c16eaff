import { pool } from "../db";
import { retentionCutoffs } from "./retention-cutoffs";
import { NOT_AWAITING_DESTINATION, SETTLED_STATUSES } from "./retention-kinds";

export type Purgeable = {
  rawPayloads: { cutoff: Date; events: number; keptUnsettled: number };
  records: { cutoff: Date; events: number; deliveries: number; keptUnsettled: number };
};

/**
 * What a purge would remove now, and what it keeps only because it is not settled yet: the
 * dry run and `retention status`. Counts only; reads nothing of any payload.
 */
export async function countPurgeable(now = new Date()): Promise<Purgeable> {
  const cutoffs = retentionCutoffs(now);
  const { rows } = await pool().query<{ raw: number; raw_kept: number; records: number; records_kept: number; deliveries: number }>(
    `SELECT
       (SELECT count(*)::int FROM stripe_event e WHERE payload_ciphertext IS NOT NULL AND first_received_at < $1 AND status = ANY($3::text[]) AND ${NOT_AWAITING_DESTINATION}) AS raw,
       (SELECT count(*)::int FROM stripe_event e WHERE payload_ciphertext IS NOT NULL AND first_received_at < $1 AND NOT (status = ANY($3::text[]) AND ${NOT_AWAITING_DESTINATION})) AS raw_kept,
       (SELECT count(*)::int FROM stripe_event WHERE first_received_at < $2 AND status = ANY($3::text[])) AS records,
       (SELECT count(*)::int FROM stripe_event WHERE first_received_at < $2 AND NOT status = ANY($3::text[])) AS records_kept,
       (SELECT count(*)::int FROM delivery d JOIN stripe_event e ON e.id = d.event_id WHERE e.first_received_at < $2 AND e.status = ANY($3::text[])) AS deliveries`,
    [cutoffs.rawPayloads, cutoffs.records, SETTLED_STATUSES],
  );
  const row = rows[0]!;
  return {
    rawPayloads: { cutoff: cutoffs.rawPayloads, events: row.raw, keptUnsettled: row.raw_kept },
    records: { cutoff: cutoffs.records, events: row.records, deliveries: row.deliveries, keptUnsettled: row.records_kept },
  };
}
