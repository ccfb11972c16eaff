import { openAtRest } from "../crypto/keys";
import { maskPayload } from "../masking/mask-payload";
import { runPurgeBatches, type PurgeOutcome } from "./purge-record";
import { NOT_AWAITING_DESTINATION, SETTLED_STATUSES } from "./retention-kinds";

// Oldest first, through the partial index of events that still hold a ciphertext; rows that
// processing or a key rotation holds are skipped (a later run takes them), and so are events
// a destination has still to receive (a paused destination's backlog forwards the raw payload).
const SELECT_BATCH = `
SELECT id, payload_ciphertext, first_received_at FROM stripe_event e
WHERE payload_ciphertext IS NOT NULL AND first_received_at < $1 AND status = ANY($2::text[]) AND ${NOT_AWAITING_DESTINATION}
ORDER BY first_received_at, id LIMIT $3 FOR UPDATE SKIP LOCKED`;

const REPLACE = `
UPDATE stripe_event AS e SET payload_ciphertext = NULL, masked_payload = v.masked, payload_removed_at = now(), payload_removed_by = 'retention'
FROM unnest($1::uuid[], $2::jsonb[]) AS v(id, masked) WHERE e.id = v.id RETURNING e.id`;

/**
 * Removes the raw payloads of settled events first received before `cutoff`: each ciphertext
 * becomes NULL and the payload, masked of personal data, is kept in `masked_payload`, so the
 * event still explains itself. Batches of `batchSize` rows, each one transaction that also
 * adds its counts to the run's `retention_purge` record. Resumable: a row once purged leaves
 * the selection, so a stopped run loses at most one uncommitted batch and a second run removes
 * nothing more. Unsettled events keep their payload whatever their age.
 */
export function purgeRawPayloads(options: { cutoff: Date; batchSize: number; requestedBy: string }): Promise<PurgeOutcome> {
  return runPurgeBatches("raw_payloads", { ...options, tables: ["stripe_event"] }, async (sql) => {
    const rows = await sql.query<{ id: string; payload_ciphertext: Buffer; first_received_at: Date }>(SELECT_BATCH, [options.cutoff, SETTLED_STATUSES, options.batchSize]);
    if (rows.length === 0) return null;
    const masked = rows.map((row) => {
      try {
        return JSON.stringify(maskPayload(JSON.parse(openAtRest(row.payload_ciphertext).toString("utf8"))));
      } catch (error) {
        throw new Error(`the payload of event ${row.id} cannot be read, so it was not purged: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    const updated = await sql.query(REPLACE, [rows.map((row) => row.id), masked]);
    return { counts: { stripe_event: updated.length }, oldestAt: rows[0]!.first_received_at, newestAt: rows[rows.length - 1]!.first_received_at };
  });
}
