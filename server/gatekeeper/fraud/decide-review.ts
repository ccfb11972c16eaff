import type { AuditContext } from "../../audit/audit-actor";
import { actorName, recordAudit } from "../../audit/record-audit";
import { withTransaction } from "../../db";
import { AppError, invalidInput } from "../../errors";
import { DecisionSchema } from "../../quarantine/decide-quarantine";
import { forgetFeatureTallies } from "./feature-tallies";
import { reviewIdOrThrow } from "./review-id";
import { wakeEmbeddedRunner } from "../../queue/embedded-runner";
import { requeueHeld } from "../breaker/requeue-held";

/** A review decision states why, as a quarantine decision does (the same rule). */
export const ReviewDecisionSchema = DecisionSchema;

export type ReviewDecision = "confirm" | "dismiss";

export type ReviewDecisionOutcome = {
  id: string;
  status: "confirmed" | "dismissed";
  /** Events the review held that went back to processing (a dismissal releases them all). */
  released: number;
  /** Events the review still holds (a confirmation keeps them for the operator to reject or release one by one). */
  stillHeld: number;
};

/**
 * An operator's decision on an open review item, with a reason, in ONE transaction with its audit
 * entry: `confirm` (fraud: the events it held stay held, to be rejected or released one by one) or
 * `dismiss` (legitimate: every event it held goes back to processing, and is not held again). The
 * decision is kept on the item for good; its reasons' tallies tune their weights. A second decision
 * answers 409 and changes nothing.
 */
export async function decideReview(id: string, decision: ReviewDecision, input: unknown, audit: AuditContext): Promise<ReviewDecisionOutcome> {
  const reviewId = reviewIdOrThrow(id);
  const parsed = ReviewDecisionSchema.safeParse(input ?? {});
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { reason } = parsed.data;
  const status = decision === "confirm" ? "confirmed" : "dismissed";
  const actor = actorName(audit.actor);
  const outcome = await withTransaction(async (sql) => {
    const rows = await sql.query<{ status: string; kind: string; subject_label: string; score: number }>(`SELECT status, kind, subject_label, score FROM review_item WHERE id = $1::uuid FOR UPDATE`, [reviewId]);
    const item = rows[0];
    if (!item) throw new AppError("not_found", `No review ${reviewId}.`);
    if (item.status !== "open") throw new AppError("conflict", `Review ${reviewId} was already ${item.status}; nothing changed.`);
    await sql.query(`UPDATE review_item SET status = $2, decided_by = $3, decided_at = now(), decision_reason = $4, updated_at = now() WHERE id = $1::uuid`, [reviewId, status, actor, reason]);
    const heldRef = `review:${reviewId}`;
    // The gatekeeper's one way back to the queue for held events (marked released, so they are not held again).
    const released = decision === "dismiss" ? await requeueHeld(sql, { heldRef }, `released: review ${reviewId} dismissed as legitimate: ${reason}`, actor) : [];
    const stillHeld = (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM stripe_event WHERE held_ref = $1 AND status = 'held'`, [heldRef]))[0]!.n;
    await recordAudit(sql, {
      actor: audit.actor,
      action: decision === "confirm" ? "reviews.confirm" : "reviews.dismiss",
      subject: heldRef,
      before: { status: "open" },
      after: { status, released: released.length, stillHeld },
      sourceAddress: audit.sourceAddress,
      detail: `reason: ${reason}; ${item.kind} on ${item.subject_label}, score ${item.score}`,
    });
    return { id: reviewId, status, released: released.length, stillHeld } as const;
  });
  forgetFeatureTallies();
  if (outcome.released > 0) wakeEmbeddedRunner();
  return outcome;
}
