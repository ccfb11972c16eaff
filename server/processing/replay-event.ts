import { z } from "zod";
import { AppError, invalidInput } from "../errors";
import type { AuditContext } from "../audit/audit-actor";
import { assertPayloadKept } from "../ledger/assert-payload-kept";
import { findLedgerEventOrThrow, type EventRef } from "../ledger/find-ledger-event-or-throw";
import { processLedgerEvent, REPLAYABLE, type ProcessOutcome } from "./process-ledger-event";

export const ReplaySchema = z.object({ reason: z.string().trim().max(500).optional() });

/**
 * Re-runs processing for a failed, dead, ignored or held event, now. A processed
 * (or quarantined, or queued) event is refused with a conflict and nothing changes:
 * replay never applies an effect twice.
 */
export async function replayEvent(ref: EventRef, input: unknown, audit: AuditContext): Promise<ProcessOutcome> {
  const parsed = ReplaySchema.safeParse(input ?? {});
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const event = await findLedgerEventOrThrow(ref);
  const stripeEventId = event.stripeEventId;
  if (!REPLAYABLE.includes(event.status)) {
    throw new AppError("conflict", `Event ${stripeEventId} is ${event.status}; only ${REPLAYABLE.join(", ")} events can be replayed.`);
  }
  await assertPayloadKept(event.id, stripeEventId, "replayed");
  const result = await processLedgerEvent(event.id, {
    replay: { reason: `replayed by an operator${parsed.data.reason ? `: ${parsed.data.reason}` : ""}` },
    audit: { context: audit, action: "events.replay", subject: `event:${stripeEventId}` },
  });
  if (result.outcome === "skipped") throw new AppError("conflict", `Event ${stripeEventId} changed meanwhile; nothing was replayed.`);
  return result;
}
