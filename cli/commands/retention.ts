import type { PurgeOutcome } from "../../server/retention/purge-record";
import { countPurgeable } from "../../server/retention/count-purgeable";
import { DEFAULT_PURGE_BATCH_SIZE } from "../../server/retention/retention-kinds";
import { retentionStatus } from "../../server/retention/retention-status";
import { runRetentionPurge } from "../../server/retention/run-retention-purge";
import { UsageError } from "../usage";
import { parseFlags, print, withDatabase } from "./with-database";

const counted = (counts: Record<string, number> | unknown) =>
  Object.entries((counts ?? {}) as Record<string, number>).map(([table, n]) => `${table} ${n}`).join(", ") || "nothing";

/** `hookwarden retention purge|status`. */
export async function retentionCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === "purge") {
    const { values } = parseFlags(rest, { "dry-run": { type: "boolean" }, "batch-size": { type: "string" } });
    const batchSize = values["batch-size"] === undefined ? DEFAULT_PURGE_BATCH_SIZE : Number(values["batch-size"]);
    if (!/^[0-9]+$/.test(values["batch-size"] ?? "1") || batchSize < 1 || batchSize > 10_000) throw new UsageError("--batch-size is a whole number of events from 1 to 10000");
    if (values["dry-run"]) {
      const due = await withDatabase(() => countPurgeable());
      print([
        `Dry run: nothing changed.`,
        `Raw payloads of events first received before ${due.rawPayloads.cutoff.toISOString()}: ${due.rawPayloads.events} would be replaced by their masked copy (${due.rawPayloads.keptUnsettled} kept: not settled yet).`,
        `Records of events first received before ${due.records.cutoff.toISOString()}: ${due.records.events} events and ${due.records.deliveries} deliveries would be deleted (${due.records.keptUnsettled} kept: not settled yet).`,
      ]);
      return;
    }
    const result = await withDatabase(() => runRetentionPurge({ requestedBy: "cli", batchSize }));
    const line = (label: string, outcome: PurgeOutcome) => `${label}: ${counted(outcome.counts)} (${outcome.batches} batches; purge ${outcome.purgeId})`;
    print([line("Raw payloads replaced by their masked copy", result.rawPayloads), line("Records deleted", result.records)]);
    return;
  }
  if (action === "status") {
    parseFlags(rest, {});
    const status = await withDatabase(() => retentionStatus());
    const { settings, purgeable } = status;
    print([
      `Raw payloads kept ${settings.rawPayloadDays} days, records ${settings.recordDays} days; ${settings.intervalMinutes === 0 ? "no scheduled purge (HOOKWARDEN_RETENTION_INTERVAL_MINUTES=0)" : `purged every ${settings.intervalMinutes} minutes`}.`,
      `Due now: ${purgeable.rawPayloads.events} raw payloads, ${purgeable.records.events} records; kept while not settled: ${purgeable.rawPayloads.keptUnsettled} raw payloads, ${purgeable.records.keptUnsettled} records.`,
      "",
      status.purges.length === 0 ? "No purge has run yet." : "Latest purges (newest first):",
      ...status.purges.map(
        (purge) =>
          `  ${purge.startedAt.toISOString()}  ${purge.kind.padEnd(12)} ${purge.status.padEnd(9)} by ${purge.requestedBy.padEnd(8)} before ${purge.cutoff.toISOString()}: ${counted(purge.counts)}${purge.error ? ` (error: ${purge.error})` : ""}`,
      ),
    ]);
    return;
  }
  throw new UsageError(action ? `unknown retention action "${action}"` : "retention needs an action: purge or status");
}
