import type { Sql } from "../../db";
import { recordDecision } from "../decisions";
import type { Hold, HoldCandidate } from "../holds";
import { fraudSettings } from "./fraud-settings";
import { isSuccessEvent } from "../success-event-types";

type OpenReview = { id: string; kind: string; subject_label: string; score: number; customer_held_at: Date | null };

/**
 * An open review that holds the event's customer: a success event (money arrived) of a customer
 * under an open review with its hold on (HOOKWARDEN_FRAUD_HOLD when it opened or was refreshed)
 * waits, `held`, until an operator decides the review. The first event it holds records a
 * `customer_held` decision. With HOOKWARDEN_FRAUD_HOLD=off nothing new is held.
 */
export async function reviewHoldFor(sql: Sql, event: HoldCandidate): Promise<Hold | null> {
  const settings = fraudSettings();
  if (!settings.enabled || settings.hold === "off" || !event.customerId || !isSuccessEvent(event.type)) return null;
  const rows = await sql.query<OpenReview>(
    `SELECT id, kind, subject_label, score, customer_held_at FROM review_item
     WHERE customer_id = $1 AND status = 'open' AND hold_customer AND endpoint_id = $2::uuid ORDER BY opened_at, id LIMIT 1`,
    [event.customerId, event.endpointId],
  );
  const review = rows[0];
  if (!review) return null;
  if (review.customer_held_at === null) {
    // On the gatekeeper's clock, as the review's opening: the held event's receipt (virtual under the evaluation harness).
    const first = await sql.query<{ at: Date }>(
      `UPDATE review_item SET customer_held_at = coalesce((SELECT first_received_at FROM stripe_event WHERE id = $2::uuid), now())
       WHERE id = $1::uuid AND customer_held_at IS NULL RETURNING customer_held_at AS at`,
      [review.id, event.id],
    );
    if (first.length === 1) {
      await recordDecision(
        {
          at: first[0]!.at,
          endpointId: event.endpointId,
          kind: "customer_held",
          subject: `customer:${event.customerId}`,
          summary: `${event.customerId}'s success events are held until review ${review.id} is decided (${review.kind.replace("_", " ")} on ${review.subject_label}, score ${review.score})`,
          explanation: { review: review.id, customer: event.customerId, firstHeldEvent: event.id, type: event.type, score: review.score },
        },
        sql,
      );
    }
  }
  return {
    ref: `review:${review.id}`,
    reason: `held by fraud review ${review.id} (${review.kind.replace("_", " ")} on ${review.subject_label}, score ${review.score}): the customer's success events wait for an operator's decision`,
  };
}
