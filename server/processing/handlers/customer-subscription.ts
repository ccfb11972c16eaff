import { subscriptionFacts } from "../../subscriptions/subscription-facts";
import type { EventHandler } from "../handler-types";

/** For events Stripe created in the same second: a deletion outranks an update, an update a creation. */
const TYPE_RANK: Record<string, number> = {
  "customer.subscription.created": 0,
  "customer.subscription.updated": 1,
  "customer.subscription.paused": 1,
  "customer.subscription.resumed": 1,
  "customer.subscription.deleted": 2,
};

/**
 * customer.subscription.*: the mirror takes the event's snapshot of the subscription
 * unless it already holds a newer one (Stripe's `created`, then the rank above), so
 * events in any order end in the same mirror. A subscription not seen before is created.
 */
export const customerSubscription: EventHandler = async ({ tx, event, object }) => {
  const facts = subscriptionFacts(object);
  const rank = TYPE_RANK[event.type] ?? 1;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${facts.id}))`;
  const current = await tx.subscription.findUnique({ where: { id: facts.id } });
  const older =
    current !== null &&
    (event.created < current.lastEventCreatedAt ||
      (event.created.getTime() === current.lastEventCreatedAt.getTime() && rank < (TYPE_RANK[current.lastEventType] ?? 1)));
  const subject = `subscription:${facts.id}`;
  if (older) {
    return { kind: "applied", effect: { kind: "subscription_unchanged", subject, summary: `older than the mirror of ${facts.id}; nothing changed` } };
  }
  const data = { ...facts, lastEventCreatedAt: event.created, lastEventType: event.type };
  await tx.subscription.upsert({ where: { id: facts.id }, create: data, update: data });
  const summary = current ? `${facts.id}: ${current.status} → ${facts.status}` : `${facts.id} mirrored as ${facts.status}`;
  return { kind: "applied", effect: { kind: "subscription_mirrored", subject, summary, detail: { from: current?.status ?? null, to: facts.status } } };
};
