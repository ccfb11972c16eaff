import { randomUUID } from "node:crypto";
import { z } from "zod";
import { DECISION_REASON_MAX_LENGTH, DECISION_REASON_MIN_LENGTH } from "../quarantine/decision-reason";
import { isAppError } from "../errors";
import { log } from "../log";

/** The most events one bulk action takes: a page of the events list (50) fits twice. */
export const BULK_EVENT_LIMIT = 100;

/** An operator's bulk action: ledger ids and one reason, checked once for all of them. */
export const BulkEventsSchema = z.object({
  ids: z
    .array(z.uuid({ error: "ids must be ledger event ids" }), { error: "ids must be a list of ledger event ids" })
    .min(1, "select at least one event")
    .max(BULK_EVENT_LIMIT, `at most ${BULK_EVENT_LIMIT} events at once`),
  reason: z
    .string({ error: "reason is required" })
    .trim()
    .min(DECISION_REASON_MIN_LENGTH, `reason is required: say why (at least ${DECISION_REASON_MIN_LENGTH} characters)`)
    .max(DECISION_REASON_MAX_LENGTH),
});
export type BulkEvents = z.output<typeof BulkEventsSchema>;

export type BulkFailure = { id: string; message: string };
export type BulkOutcome = { succeeded: string[]; failed: BulkFailure[] };

/**
 * Runs one operator action on each event in turn, exactly as if it were done alone (its
 * own transaction and audit record), so one refusal never undoes or blocks the others: an
 * event someone else changed meanwhile is reported with why, never acted on twice. Bad
 * input is the same for every event and is thrown once. An unexpected error is logged
 * (masked) with a reference, reported under that reference, and the next event still runs.
 * Ids are taken once each, in the order given.
 */
export async function actOnEvents(ids: readonly string[], act: (ledgerId: string) => Promise<unknown>): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { succeeded: [], failed: [] };
  for (const id of new Set(ids)) {
    try {
      await act(id);
      outcome.succeeded.push(id);
    } catch (error) {
      if (isAppError(error) && error.code === "invalid_request") throw error;
      if (isAppError(error)) {
        outcome.failed.push({ id, message: error.message });
        continue;
      }
      const correlationId = randomUUID();
      log.error("bulk event action failed", { ledgerId: id, correlationId, error });
      outcome.failed.push({ id, message: `Something went wrong (reference ${correlationId}).` });
    }
  }
  return outcome;
}
