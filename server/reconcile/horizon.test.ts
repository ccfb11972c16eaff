import { afterAll, describe, expect, it } from "vitest";
import { stripeEvent } from "@/cli/simulate/stripe-events";
import { disconnect, pool } from "@/server/db";
import { endpointWithSecret, recordWithoutEnqueue } from "@/tests/support/intake";
import { getHorizon, horizonDeadlineOf } from "./horizon";

afterAll(() => disconnect());

const DAY = 86_400;

describe("the 30-day horizon", () => {
  it("counts unsettled events Stripe can still be asked about, those near the mark and those past it, nearest first; settled and repair events have no deadline", async () => {
    // Other test files write events at today's clock: seen from a year ahead, they are all past the mark, so open and soon count only these.
    const now = new Date(Date.now() + 365 * DAY * 1000);
    const at = (daysAgo: number) => Math.floor(now.getTime() / 1000) - Math.round(daysAgo * DAY);
    const endpoint = await endpointWithSecret();
    const events = {
      fresh: stripeEvent("invoice.paid", { id: "in_h1", object: "invoice" }, { created: at(2) }),
      nearMark: stripeEvent("invoice.paid", { id: "in_h2", object: "invoice" }, { created: at(27.5) }),
      nearest: stripeEvent("charge.succeeded", { id: "ch_h3", object: "charge" }, { created: at(29.9) }),
      past: stripeEvent("invoice.paid", { id: "in_h4", object: "invoice" }, { created: at(31) }),
      settled: stripeEvent("invoice.paid", { id: "in_h5", object: "invoice" }, { created: at(29.95) }),
      repair: stripeEvent("customer.subscription.updated", { id: "sub_h6", object: "subscription" }, { created: at(29.99) }),
    };
    for (const event of Object.values(events)) await recordWithoutEnqueue(event, endpoint.name);
    await pool().query(`UPDATE stripe_event SET status = 'dead' WHERE stripe_event_id = $1`, [events.nearest.id]);
    await pool().query(`UPDATE stripe_event SET status = 'processed' WHERE stripe_event_id = $1`, [events.settled.id]);
    await pool().query(`UPDATE stripe_event SET origin = 'repair' WHERE stripe_event_id = $1`, [events.repair.id]);

    const horizon = await getHorizon({ now, withinDays: 5, limit: 2 });

    expect(horizon).toMatchObject({ open: 3, expiringSoon: 2, withinDays: 5 });
    expect(horizon.expired).toBeGreaterThanOrEqual(1);
    expect(horizon.nearest.map((event) => [event.stripeEventId, event.status])).toEqual([
      [events.nearest.id, "dead"],
      [events.nearMark.id, "received"],
    ]);
    expect(horizon.nearest[0]!.deadline).toBe(new Date((events.nearest.created + 30 * DAY) * 1000).toISOString());
    expect(horizon.nearest[0]!.msLeft).toBe((events.nearest.created + 30 * DAY) * 1000 - now.getTime());

    const created = new Date(events.fresh.created * 1000).toISOString();
    expect(horizonDeadlineOf({ status: "quarantined", origin: "delivery", stripeCreatedAt: created })).toBe(new Date((events.fresh.created + 30 * DAY) * 1000).toISOString());
    expect(horizonDeadlineOf({ status: "processed", origin: "delivery", stripeCreatedAt: created })).toBeNull();
    expect(horizonDeadlineOf({ status: "failed", origin: "repair", stripeCreatedAt: created })).toBeNull();
  });
});
