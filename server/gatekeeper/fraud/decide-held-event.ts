import type { AuditContext } from "../../audit/audit-actor";
import { actorName, recordAudit } from "../../audit/record-audit";
import { withTransaction } from "../../db";
import { AppError, invalidInput } from "../../errors";
import { findLedgerEventOrThrow, type EventRef } from "../../ledger/find-ledger-event-or-throw";
import { setEventStatus } from "../../processing/set-event-status";
import { ReviewDecisionSchema } from "./decide-review";
import { wakeEmbeddedRunner } from "../../queue/embedded-runner";
import { requeueHeld } from "../breaker/requeue-held";
import { reviewIdOrThrow } from "./review-id";

export type HeldEventDecision = "release" | "reject";

/**
 * An operator's decision on one event a confirmed review still holds, with a reason, in ONE
 * transaction with its audit entry: `release` sends it to processing, which applies it once
 * without holding it again; `reject` closes it as quarantine's reject does (quarantined, its
 * item `fraud_confirmed` and rejected): it never applies. Only once the review is decided: an
 * open review is decided first; a dismissed one can only release (what its dismissal could not).
 */
export async function decideHeldEvent(reviewId: string, ref: EventRef, decision: HeldEventDecision, input: unknown, audit: AuditContext): Promise<{ eventId: string; status: "queued" | "received" | "quarantined" }> {
  const id = reviewIdOrThrow(reviewId);
  const parsed = ReviewDecisionSchema.safeParse(input ?? {});
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { reason } = parsed.data;
  const event = await findLedgerEventOrThrow(ref);
  const actor = actorName(audit.actor);
  const heldRef = `review:${id}`;
  const status = await withTransaction(async (sql) => {
    const review = (await sql.query<{ status: string; kind: string; score: number }>(`SELECT status, kind, score FROM review_item WHERE id = $1::uuid FOR SHARE`, [id]))[0];
    if (!review) throw new AppError("not_found", `No review ${id}.`);
    if (review.status === "open") throw new AppError("conflict", `Review ${id} is open: confirm or dismiss it first; nothing changed.`);
    // A dismissal releases everything it holds; one it skipped (locked by someone else at that moment) can still be released here.
    if (review.status === "dismissed" && decision === "reject") throw new AppError("conflict", `Review ${id} was dismissed as legitimate: its events are released, not rejected; nothing changed.`);
    const rows = await sql.query<{ status: string; held_ref: string | null }>(`SELECT status, held_ref FROM stripe_event WHERE id = $1::uuid FOR UPDATE`, [event.id]);
    if (rows[0]?.status !== "held" || rows[0].held_ref !== heldRef) throw new AppError("conflict", `Event ${event.stripeEventId} is ${rows[0]?.status ?? "gone"}, not held by review ${id}; nothing changed.`);
    let after: "queued" | "received" | "quarantined";
    if (decision === "release") {
      await requeueHeld(sql, { eventIds: [event.id] }, `released by an operator from confirmed review ${id}: ${reason}`, actor);
      after = (await sql.query<{ status: "queued" | "received" }>(`SELECT status FROM stripe_event WHERE id = $1::uuid`, [event.id]))[0]!.status;
    } else {
      await setEventStatus(sql, event.id, "held", { to: "quarantined", reason: `rejected: review ${id} confirmed as fraud: ${reason}`, actor });
      await sql.query(
        `INSERT INTO quarantine_item (event_id, reason, evidence, subject, status, decided_by, decided_at, decision_reason)
         VALUES ($1::uuid, 'fraud_confirmed', $2::jsonb, $3, 'rejected', $4, now(), $5)
         ON CONFLICT (event_id) DO UPDATE SET reason = excluded.reason, evidence = excluded.evidence, subject = excluded.subject, status = 'rejected',
           decided_by = excluded.decided_by, decided_at = excluded.decided_at, decision_reason = excluded.decision_reason`,
        [event.id, JSON.stringify([{ field: "review", expected: "a legitimate payment sequence", received: `review ${id}: ${review.kind}, score ${review.score}, confirmed as fraud` }]), heldRef, actor, reason],
      );
      after = "quarantined";
    }
    await recordAudit(sql, {
      actor: audit.actor,
      action: decision === "release" ? "reviews.release_event" : "reviews.reject_event",
      subject: `event:${event.stripeEventId}`,
      before: { status: "held", heldBy: heldRef },
      after: { status: after },
      sourceAddress: audit.sourceAddress,
      detail: `reason: ${reason}; review ${id}`,
    });
    return after;
  });
  if (decision === "release") wakeEmbeddedRunner();
  return { eventId: event.stripeEventId, status };
}
