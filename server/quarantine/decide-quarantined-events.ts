import { z } from "zod";
import type { AuditContext } from "../audit/audit-actor";
import { invalidInput, isAppError } from "../errors";
import { rejectQuarantinedEvent, releaseQuarantinedEvent } from "./decide-quarantine";

export const BULK_DECISION_LIMIT = 100;

export const BulkDecisionSchema = z.object({
  ids: z
    .array(z.uuid({ error: "ids must be ledger event ids" }), { error: "ids must be a list of ledger event ids" })
    .min(1, "select at least one event")
    .max(BULK_DECISION_LIMIT, `at most ${BULK_DECISION_LIMIT} events at once`),
  reason: z.string({ error: "reason is required" }),
});

export type BulkDecisionOutcome = { decided: number; failed: { id: string; message: string }[] };

/**
 * An operator's decision on several quarantined events at once, with one reason.
 * Each event is decided on its own, exactly as if decided alone (its own
 * transaction and audit record), so one that someone else decided meanwhile is
 * reported and skipped, never applied twice, and the others still go through.
 */
export async function decideQuarantinedEvents(decision: "release" | "reject", input: unknown, audit: AuditContext): Promise<BulkDecisionOutcome> {
  const parsed = BulkDecisionSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const decide = decision === "release" ? releaseQuarantinedEvent : rejectQuarantinedEvent;
  const outcome: BulkDecisionOutcome = { decided: 0, failed: [] };
  for (const id of new Set(parsed.data.ids)) {
    try {
      await decide({ ledgerId: id }, { reason: parsed.data.reason }, audit);
      outcome.decided += 1;
    } catch (error) {
      // A bad reason is the same for every event: say it once, as bad input.
      if (isAppError(error) && error.code === "invalid_request") throw error;
      if (!isAppError(error)) throw error;
      outcome.failed.push({ id, message: error.message });
    }
  }
  return outcome;
}
