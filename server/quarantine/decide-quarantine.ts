import { z } from "zod";
import { prisma, withTransaction } from "../db";
import { AppError, invalidInput } from "../errors";
import { assertPayloadKept } from "../ledger/assert-payload-kept";
import { processLedgerEvent, type ProcessOutcome } from "../processing/process-ledger-event";
import { setEventStatus } from "../processing/set-event-status";
import type { AuditContext } from "../audit/audit-actor";
import { actorName, recordAudit } from "../audit/record-audit";
import { DECISION_REASON_MAX_LENGTH, DECISION_REASON_MIN_LENGTH } from "./decision-reason";
import { findLedgerEventOrThrow, type EventRef } from "../ledger/find-ledger-event-or-throw";

export const DecisionSchema = z.object({
  reason: z
    .string({ error: "reason is required" })
    .trim()
    .min(DECISION_REASON_MIN_LENGTH, `reason is required: say why (at least ${DECISION_REASON_MIN_LENGTH} characters)`)
    .max(DECISION_REASON_MAX_LENGTH),
});

/**
 * Release: an operator applies a quarantined event anyway, without the cross-check.
 * The event is processed at once; it applies exactly once like any other.
 */
export async function releaseQuarantinedEvent(ref: EventRef, input: unknown, audit: AuditContext): Promise<ProcessOutcome> {
  const { reason } = parseDecision(input);
  const event = await findLedgerEventOrThrow(ref);
  const stripeEventId = event.stripeEventId;
  const item = await prisma().quarantineItem.findUnique({ where: { eventId: event.id } });
  if (event.status !== "quarantined" || !item || item.status !== "open") throw notOpen(stripeEventId, event.status, item?.status ?? null);
  await assertPayloadKept(event.id, stripeEventId, "released");
  const result = await processLedgerEvent(event.id, { release: { reason }, audit: { context: audit, action: "events.release", subject: `event:${stripeEventId}` } });
  if (result.outcome === "skipped") throw new AppError("conflict", `Event ${stripeEventId} was decided by someone else; nothing changed.`);
  return result;
}

/** Reject: an operator closes a quarantined event; it never applies. */
export async function rejectQuarantinedEvent(ref: EventRef, input: unknown, audit: AuditContext): Promise<{ status: "rejected" }> {
  const { reason } = parseDecision(input);
  const event = await findLedgerEventOrThrow(ref);
  const stripeEventId = event.stripeEventId;
  const actor = actorName(audit.actor);
  await withTransaction(async (sql) => {
    const rows = await sql.query<{ status: string; item: string | null }>(
      `SELECT e.status, q.status AS item FROM stripe_event e LEFT JOIN quarantine_item q ON q.event_id = e.id WHERE e.id = $1::uuid FOR UPDATE OF e`,
      [event.id],
    );
    if (rows[0]?.status !== "quarantined" || rows[0].item !== "open") throw notOpen(stripeEventId, rows[0]?.status ?? "unknown", rows[0]?.item ?? null);
    await sql.query(`UPDATE quarantine_item SET status = 'rejected', decided_by = $2, decided_at = now(), decision_reason = $3 WHERE event_id = $1::uuid`, [event.id, actor, reason]);
    await setEventStatus(sql, event.id, "quarantined", { to: "quarantined", reason: `rejected: ${reason}`, actor });
    await recordAudit(sql, {
      actor: audit.actor,
      action: "events.reject",
      subject: `event:${stripeEventId}`,
      before: { status: "quarantined", quarantine: "open" },
      after: { status: "quarantined", quarantine: "rejected" },
      sourceAddress: audit.sourceAddress,
      detail: `reason: ${reason}`,
    });
  });
  return { status: "rejected" };
}

/** Why a decision cannot be taken: the event is not in quarantine, or its quarantine was already decided. */
function notOpen(stripeEventId: string, status: string, item: string | null): AppError {
  if (status === "quarantined" && item && item !== "open") return new AppError("conflict", `Event ${stripeEventId} was already ${item}; nothing changed.`);
  return new AppError("conflict", `Event ${stripeEventId} is ${status}, not in quarantine; nothing changed.`);
}

function parseDecision(input: unknown) {
  const parsed = DecisionSchema.safeParse(input ?? {});
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  return parsed.data;
}
