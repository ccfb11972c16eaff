import { randomUUID } from "node:crypto";
import { isAppError, type ErrorCode } from "../errors";
import { log } from "../log";

/** The most events one bulk action takes: a page of the events list (50) fits twice. */
export const BULK_EVENT_LIMIT = 100;

export type BulkFailure = { id: string; code: ErrorCode; message: string };
export type BulkOutcome = { succeeded: string[]; failed: BulkFailure[] };

/**
 * Runs one operator decision (replay, reject…) on each event in turn, each in its own
 * transaction, so one refusal never undoes or blocks the others. Expected refusals
 * (conflict, not found) are reported with their message; an unexpected error is logged
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
      if (isAppError(error)) {
        outcome.failed.push({ id, code: error.code, message: error.message });
        continue;
      }
      const correlationId = randomUUID();
      log.error("bulk event action failed", { ledgerId: id, correlationId, error });
      outcome.failed.push({ id, code: "internal", message: `Something went wrong (reference ${correlationId}).` });
    }
  }
  return outcome;
}
