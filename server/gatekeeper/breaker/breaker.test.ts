import { beforeAll, describe, expect, it } from "vitest";
import { newPaymentFlow, paymentIntent, stripeEvent } from "@/cli/simulate/stripe-events";
import { prisma } from "@/server/db";
import { registerTransaction } from "@/server/transactions/register-transaction";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { deliver, endpointWithSecret, signedDelivery } from "@/tests/support/intake";
import { settleEvents } from "@/tests/support/settle";
import { advanceBreakers, HALF_OPEN_QUIET_MS } from "./advance-breakers";
import { changeBreaker } from "./change-breaker";
import { openBreaker } from "./open-breaker";
import { releaseHeldEvents } from "./release-held-events";
import { refreshSheddingBreakers } from "./shedding-breakers";

const operator = { actor: { kind: "cli" as const, label: "test operator" }, sourceAddress: null };
const STRIPE = "3.18.12.63";

// Breakers are per endpoint, but the half-open tick moves every breaker: a database of its own.
beforeAll(() => useFreshDatabase("breaker"), 60_000);

async function paidEvent() {
  const flow = newPaymentFlow();
  await registerTransaction({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
  return stripeEvent("payment_intent.succeeded", paymentIntent(flow, "succeeded"));
}

async function statusOf(endpoint: string, stripeEventId: string) {
  const row = await prisma().stripeEvent.findFirstOrThrow({ where: { stripeEventId, endpoint: { name: endpoint } } });
  return row;
}

async function trip(endpoint: string, eventTypes = ["payment_intent.succeeded"]) {
  const row = await prisma().endpoint.findUniqueOrThrow({ where: { name: endpoint } });
  return openBreaker({ endpointId: row.id, endpointName: endpoint, at: new Date(), eventTypes, reason: "test trip", explanation: { rule: "test" } });
}

describe("the circuit breaker", () => {
  it("an open breaker holds its event types: recorded and acknowledged, the effect paused; other types apply", async () => {
    const { name, secret } = await endpointWithSecret();
    const breaker = await trip(name);
    expect(breaker.transition).toBe("opened");
    const held = await paidEvent();
    const other = stripeEvent("customer.created", { id: "cus_heldtest1", object: "customer" });
    expect((await deliver({ ...signedDelivery(held, name, secret), sourceIp: STRIPE })).status).toBe(200);
    expect((await deliver({ ...signedDelivery(other, name, secret), sourceIp: STRIPE })).status).toBe(200);
    await settleEvents(name, [held.id, other.id]);
    const event = await statusOf(name, held.id);
    expect(event.status).toBe("held");
    expect(event.heldRef).toBe(`breaker:${breaker.id}`);
    expect(await prisma().effect.count({ where: { eventId: event.id } })).toBe(0);
    expect((await statusOf(name, other.id)).status).not.toBe("held");
    const decisions = await prisma().gatekeeperDecision.findMany({ where: { subject: `breaker:${breaker.id}` } });
    expect(decisions.map((d) => d.kind)).toEqual(["breaker_opened"]);
    const alert = await prisma().alert.findFirst({ where: { kind: "breaker_open", subject: `endpoint:${name}`, resolvedAt: null } });
    expect(alert).not.toBeNull();
  });

  it("releasing all held events applies each exactly once, even while the breaker stays open, and is audited", async () => {
    const { name, secret } = await endpointWithSecret();
    const breaker = await trip(name);
    const events = [await paidEvent(), await paidEvent()];
    for (const event of events) await deliver({ ...signedDelivery(event, name, secret), sourceIp: STRIPE });
    await settleEvents(name, events.map((e) => e.id));
    expect((await statusOf(name, events[0]!.id)).status).toBe("held");

    await expect(releaseHeldEvents({ breakerId: breaker.id, reason: "x" }, operator)).rejects.toThrow(/reason/);
    const result = await releaseHeldEvents({ breakerId: breaker.id, reason: "checked with Stripe: genuine" }, operator);
    expect(result.released).toBe(2);
    await settleEvents(name, events.map((e) => e.id));
    for (const event of events) {
      const row = await statusOf(name, event.id);
      expect(row.status).toBe("processed");
      expect(await prisma().effect.count({ where: { eventId: row.id } })).toBe(1);
    }
    // A redelivery of a released event does not apply it again.
    await deliver({ ...signedDelivery(events[0]!, name, secret), sourceIp: STRIPE });
    await settleEvents(name, [events[0]!.id]);
    expect(await prisma().effect.count({ where: { eventId: (await statusOf(name, events[0]!.id)).id } })).toBe(1);
    const audit = await prisma().auditEntry.findFirst({ where: { action: "gatekeeper.release_held", subject: `breaker:${breaker.id}` } });
    expect(audit?.detail).toBe("checked with Stripe: genuine");
    await expect(releaseHeldEvents({ breakerId: breaker.id, reason: "again, nothing left" }, operator)).rejects.toThrow(/holds no event/);
  });

  it("half-open releases a few held events per tick, relapses to open on a new trip, and closes once drained and quiet", async () => {
    const { name, secret } = await endpointWithSecret();
    const breaker = await trip(name);
    const events = await Promise.all([1, 2, 3].map(() => paidEvent()));
    for (const event of events) await deliver({ ...signedDelivery(event, name, secret), sourceIp: STRIPE });
    await settleEvents(name, events.map((e) => e.id));

    const start = new Date();
    await changeBreaker(breaker.id, { to: "half_open", reason: "looks genuine, release slowly", releasePerTick: 2 }, operator, start);
    const first = await advanceBreakers(new Date(start.getTime() + 5_000));
    expect(first.released).toBeGreaterThanOrEqual(2);
    await settleEvents(name, events.map((e) => e.id));
    const held = async () => prisma().stripeEvent.count({ where: { heldRef: `breaker:${breaker.id}`, status: "held" } });
    expect(await held()).toBe(1);

    // A relapse: the gatekeeper trips again while half-open; release stops.
    const relapse = await trip(name);
    expect(relapse).toMatchObject({ id: breaker.id, transition: "relapsed" });
    await advanceBreakers(new Date(start.getTime() + 10_000));
    expect(await held()).toBe(1);

    await changeBreaker(breaker.id, { to: "half_open", reason: "second look: fine" }, operator, start);
    await advanceBreakers(new Date(start.getTime() + 15_000));
    expect(await held()).toBe(0);
    expect((await prisma().circuitBreaker.findUniqueOrThrow({ where: { id: breaker.id } })).state).toBe("half_open");
    await advanceBreakers(new Date(start.getTime() + HALF_OPEN_QUIET_MS + 1_000));
    const closed = await prisma().circuitBreaker.findUniqueOrThrow({ where: { id: breaker.id } });
    expect(closed.state).toBe("closed");
    expect(closed.closedBy).toBe("gatekeeper");
    const kinds = (await prisma().gatekeeperDecision.findMany({ where: { subject: `breaker:${breaker.id}` }, orderBy: { id: "asc" } })).map((d) => d.kind);
    expect(kinds).toEqual(["breaker_opened", "breaker_half_open", "breaker_opened", "breaker_half_open", "breaker_closed"]);
    expect(await prisma().alert.count({ where: { kind: "breaker_open", subject: `endpoint:${name}`, resolvedAt: null } })).toBe(0);
  });

  it("shed mode answers 503 without recording, up to its cap; then the breaker holds instead", async () => {
    const { name, secret } = await endpointWithSecret();
    const breaker = await trip(name);
    const start = new Date();
    await expect(changeBreaker(breaker.id, { to: "shed", hours: 1 }, operator, start)).rejects.toThrow(/reason/);
    await changeBreaker(breaker.id, { to: "shed", hours: 1, reason: "keep them at Stripe for now" }, operator, start);
    await refreshSheddingBreakers();
    const shed = await paidEvent();
    const answer = await deliver({ ...signedDelivery(shed, name, secret), sourceIp: STRIPE });
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBeTruthy();
    expect(await prisma().stripeEvent.count({ where: { stripeEventId: shed.id } })).toBe(0);
    expect(await prisma().alert.count({ where: { kind: "breaker_shedding", subject: `endpoint:${name}`, resolvedAt: null } })).toBe(1);

    const atCap = new Date(start.getTime() + 3_600_000 + 1_000);
    expect((await advanceBreakers(atCap)).shedEnded).toBe(1);
    await refreshSheddingBreakers();
    expect((await deliver({ ...signedDelivery(shed, name, secret), sourceIp: STRIPE })).status).toBe(200);
    await settleEvents(name, [shed.id]);
    expect((await statusOf(name, shed.id)).status).toBe("held");
    expect(await prisma().alert.count({ where: { kind: "breaker_shedding", subject: `endpoint:${name}`, resolvedAt: null } })).toBe(0);
  });

  it("an admin forcing it closed stops holding new events; what it held stays held until released", async () => {
    const { name, secret } = await endpointWithSecret();
    const breaker = await trip(name);
    const before = await paidEvent();
    await deliver({ ...signedDelivery(before, name, secret), sourceIp: STRIPE });
    await settleEvents(name, [before.id]);
    await changeBreaker(breaker.id, { to: "closed", reason: "false alarm: a partner's test" }, operator);
    await expect(changeBreaker(breaker.id, { to: "closed", reason: "again please" }, operator)).rejects.toThrow(/closed already/);
    const after = await paidEvent();
    await deliver({ ...signedDelivery(after, name, secret), sourceIp: STRIPE });
    await settleEvents(name, [after.id]);
    expect((await statusOf(name, after.id)).status).toBe("processed");
    expect((await statusOf(name, before.id)).status).toBe("held");
    const audit = await prisma().auditEntry.findFirst({ where: { action: "gatekeeper.force_breaker", subject: `breaker:${breaker.id}` } });
    expect(audit?.detail).toBe("false alarm: a partner's test");
  });
});
