import type { AuditContext } from "../audit/audit-actor";
import { invalidInput } from "../errors";
import { actOnEvents, BulkEventsSchema, type BulkOutcome } from "../ledger/act-on-events";
import { replayEvent } from "./replay-event";

/**
 * Replays several events with one reason, each exactly as if replayed alone (its own
 * transaction and audit record): a processed or quarantined one is refused and reported
 * with why, and the others still run. Replay never applies an effect twice.
 */
export async function replayEvents(input: unknown, audit: AuditContext): Promise<BulkOutcome> {
  const parsed = BulkEventsSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { reason } = parsed.data;
  return actOnEvents(parsed.data.ids, (ledgerId) => replayEvent({ ledgerId }, { reason }, audit));
}
