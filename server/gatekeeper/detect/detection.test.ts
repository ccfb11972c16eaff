import { beforeAll, describe, expect, it } from "vitest";
import { stripeEvent } from "@/cli/simulate/stripe-events";
import { prisma } from "@/server/db";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { deliver, endpointWithSecret, signedDelivery } from "@/tests/support/intake";
import { settleEvents } from "@/tests/support/settle";
import { runGatekeeperTick } from "../run-gatekeeper-tick";
import { STRIPE_WEBHOOK_ADDRESSES } from "../sources/stripe-webhook-addresses";
import { settleFailureFloods } from "./failure-flood";

const MINUTE = 60_000;
// The tick evaluates every endpoint with traffic: a database of its own, so other files' traffic is not judged here.
beforeAll(() => useFreshDatabase("detection"), 60_000);

let n = 0;
const customer = () => stripeEvent("customer.created", { id: `cus_det${Date.now()}${n++}`, object: "customer" });
const at = (ms: number) => ({ date: new Date(ms), t: Math.floor(ms / 1000) });

describe("detection through the real intake", () => {
  it("a leaked secret used from elsewhere: verified success events from a never-seen address trip the breaker within a tick, and their effects wait", async () => {
    const { name, secret } = await endpointWithSecret();
    const now = Date.now();
    // Five hours of ordinary traffic from Stripe's addresses, an hour and more ago.
    for (let i = 0; i < 250; i++) {
      const time = at(now - 6 * 60 * MINUTE + i * 72_000);
      const answer = await deliver({ ...signedDelivery(customer(), name, secret, time.t), sourceIp: STRIPE_WEBHOOK_ADDRESSES[i % 15] }, time.date);
      expect(answer.status).toBe(200);
    }
    expect((await runGatekeeperTick(new Date(now - 60 * MINUTE))).findings).toEqual([]);

    const forged = [1, 2, 3, 4].map((i) => stripeEvent("payment_intent.succeeded", { id: `pi_forged${now}${i}`, object: "payment_intent", amount: 5000, currency: "usd", status: "succeeded", metadata: {} }));
    for (const [i, event] of forged.entries()) {
      const time = at(now + i * 1_000);
      expect((await deliver({ ...signedDelivery(event, name, secret, time.t), sourceIp: "192.0.2.99" }, time.date)).status).toBe(200);
    }
    const tick = await runGatekeeperTick(new Date(now + 5_000));
    const trip = tick.findings.find((finding) => finding.rule === "unusual_sources");
    expect(trip).toMatchObject({ trip: true, eventTypes: ["payment_intent.succeeded"] });

    const endpoint = await prisma().endpoint.findUniqueOrThrow({ where: { name } });
    const breaker = await prisma().circuitBreaker.findFirstOrThrow({ where: { endpointId: endpoint.id, state: "open" } });
    expect(breaker.eventTypes).toEqual(["payment_intent.succeeded"]);
    const decision = await prisma().gatekeeperDecision.findFirstOrThrow({ where: { kind: "breaker_opened", subject: `breaker:${breaker.id}` } });
    expect(decision.explanation).toMatchObject({ rule: "unusual_sources", attack: true, history: { outsideShare: 0 } });

    await settleEvents(name, forged.map((event) => event.id));
    const statuses = await prisma().stripeEvent.findMany({ where: { stripeEventId: { in: forged.map((event) => event.id) } }, select: { status: true } });
    // Those processed before the trip were quarantined (no registered payment); none was applied.
    expect(statuses.every((row) => row.status === "held" || row.status === "quarantined")).toBe(true);
    const later = stripeEvent("payment_intent.succeeded", { id: `pi_forged${now}9`, object: "payment_intent", amount: 5000, currency: "usd", status: "succeeded", metadata: {} });
    await deliver({ ...signedDelivery(later, name, secret, at(now + 6_000).t), sourceIp: "192.0.2.99" }, at(now + 6_000).date);
    await settleEvents(name, [later.id]);
    expect((await prisma().stripeEvent.findFirstOrThrow({ where: { stripeEventId: later.id } })).status).toBe("held");
  });

  it("a forged-signature flood is an attack decision and a critical alert at the limit, not after a tick", async () => {
    const { name } = await endpointWithSecret();
    const start = Date.now();
    for (let i = 0; i < 5; i++) {
      const answer = await deliver({ ...signedDelivery(customer(), name, "whsec_forged_forged_forged_forged"), sourceIp: `198.51.100.${10 + i}` }, new Date(start + i * 1_200));
      expect(answer.status).toBe(400);
    }
    await settleFailureFloods();
    const decision = await prisma().gatekeeperDecision.findFirstOrThrow({ where: { kind: "anomaly", subject: `endpoint:${name}` } });
    expect(decision.explanation).toMatchObject({ rule: "signature_failure_flood", attack: true });
    expect(decision.at.getTime() - start).toBeLessThanOrEqual(10_000);
    expect(await prisma().alert.count({ where: { kind: "traffic_anomaly", subject: `endpoint:${name}`, resolvedAt: null } })).toBe(1);
    // Quiet again for half an hour: the alert resolves.
    await runGatekeeperTick(new Date(start + 31 * MINUTE));
    expect(await prisma().alert.count({ where: { kind: "traffic_anomaly", subject: `endpoint:${name}`, resolvedAt: null } })).toBe(0);
  });
});
