import type { AuditContext } from "../audit/audit-actor";
import { invalidInput } from "../errors";
import { actOnEvents, BulkEventsSchema, type BulkOutcome } from "../ledger/act-on-events";
import { rejectQuarantinedEvent, releaseQuarantinedEvent } from "./decide-quarantine";

export type BulkDecisionOutcome = BulkOutcome & { decided: number };

/**
 * An operator's decision on several quarantined events at once, with one reason.
 * Each event is decided on its own, exactly as if decided alone (its own
 * transaction and audit record), so one that someone else decided meanwhile is
 * reported and skipped, never applied twice, and the others still go through.
 */
export async function decideQuarantinedEvents(decision: "release" | "reject", input: unknown, audit: AuditContext): Promise<BulkDecisionOutcome> {
  const parsed = BulkEventsSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const decide = decision === "release" ? releaseQuarantinedEvent : rejectQuarantinedEvent;
  const { reason } = parsed.data;
  const outcome = await actOnEvents(parsed.data.ids, (ledgerId) => decide({ ledgerId }, { reason }, audit));
  return { ...outcome, decided: outcome.succeeded.length };
}
