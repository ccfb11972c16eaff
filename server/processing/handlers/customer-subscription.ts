import { subscriptionFacts } from "../../subscriptions/subscription-facts";
import { lockObjects } from "../../transactions/lock-objects";
import type { EventHandler } from "../handler-types";

/** For events Stripe created in the same second: a deletion outranks an update, an update a creation. */
const TYPE_RANK: Record<string, number> = {
  "customer.subscription.created": 0,
  "customer.subscription.updated": 1,
  "customer.subscription.paused": 1,
  "customer.subscription.resumed": 1,
  "customer.subscription.deleted": 2,
};

type Mirrored = { status: string; last_event_created_at: Date; last_event_type: string };

/**
 * customer.subscription.*: the mirror takes the event's snapshot of the subscription
 * unless it already holds a newer one (Stripe's `created`, then the rank above), so
 * events in any order end in the same mirror. A subscription not seen before is created.
 */
export const customerSubscription: EventHandler = async ({ sql, event, object }) => {
  const facts = subscriptionFacts(object);
  const rank = TYPE_RANK[event.type] ?? 1;
  await lockObjects(sql, [facts.id]);
  const current = (await sql.query<Mirrored>(`SELECT status, last_event_created_at, last_event_type FROM subscription WHERE id = $1`, [facts.id]))[0];
  const older =
    current !== undefined &&
    (event.created < current.last_event_created_at ||
      (event.created.getTime() === current.last_event_created_at.getTime() && rank < (TYPE_RANK[current.last_event_type] ?? 1)));
  const subject = `subscription:${facts.id}`;
  if (older) {
    return { kind: "applied", effect: { kind: "subscription_unchanged", subject, summary: `older than the mirror of ${facts.id}; nothing changed` } };
  }
  await sql.query(
    `INSERT INTO subscription (id, customer_id, status, price_id, product_id, quantity, current_period_end, cancel_at_period_end, trial_end,
       last_event_created_at, last_event_type, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
     ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, status = excluded.status, price_id = excluded.price_id,
       product_id = excluded.product_id, quantity = excluded.quantity, current_period_end = excluded.current_period_end,
       cancel_at_period_end = excluded.cancel_at_period_end, trial_end = excluded.trial_end,
       last_event_created_at = excluded.last_event_created_at, last_event_type = excluded.last_event_type, updated_at = now()`,
    [facts.id, facts.customerId, facts.status, facts.priceId, facts.productId, facts.quantity, facts.currentPeriodEnd, facts.cancelAtPeriodEnd, facts.trialEnd, event.created, event.type],
  );
  const summary = current ? `${facts.id}: ${current.status} → ${facts.status}` : `${facts.id} mirrored as ${facts.status}`;
  return { kind: "applied", effect: { kind: "subscription_mirrored", subject, summary, detail: { from: current?.status ?? null, to: facts.status } } };
};
