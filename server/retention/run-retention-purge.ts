import { log } from "../log";
import { purgeRawPayloads } from "./purge-raw-payloads";
import { failInterruptedPurges } from "./purge-record";
import type { PurgeOutcome } from "./purge-record";
import { purgeRecords } from "./purge-records";
import { retentionCutoffs } from "./retention-cutoffs";
import { DEFAULT_PURGE_BATCH_SIZE } from "./retention-kinds";

/**
 * One retention pass: raw payloads older than HOOKWARDEN_RAW_PAYLOAD_RETENTION_DAYS, then
 * records older than HOOKWARDEN_RECORD_RETENTION_DAYS, each a `retention_purge` record of what
 * it removed (counts and ranges, never content). Called by the schedule and by
 * `hookwarden retention purge`; safe to run from several processes at once (SKIP LOCKED).
 */
export async function runRetentionPurge(options: { requestedBy: string; batchSize?: number; now?: Date }): Promise<{ rawPayloads: PurgeOutcome; records: PurgeOutcome }> {
  await failInterruptedPurges(options.now);
  const cutoffs = retentionCutoffs(options.now);
  const batchSize = options.batchSize ?? DEFAULT_PURGE_BATCH_SIZE;
  const rawPayloads = await purgeRawPayloads({ cutoff: cutoffs.rawPayloads, batchSize, requestedBy: options.requestedBy });
  const records = await purgeRecords({ cutoff: cutoffs.records, batchSize, requestedBy: options.requestedBy });
  log.info("retention purge finished", { requestedBy: options.requestedBy, maskedCounts: rawPayloads.counts, deletedCounts: records.counts });
  return { rawPayloads, records };
}
