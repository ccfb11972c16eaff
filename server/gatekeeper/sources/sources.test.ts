import { describe, expect, it } from "vitest";
import { stripeEvent } from "@/cli/simulate/stripe-events";
import { prisma } from "@/server/db";
import { flushRejections } from "@/server/ledger/record-rejection";
import { deliver, endpointWithSecret, signedDelivery } from "@/tests/support/intake";
import { forgetEndpointSecrets } from "@/server/endpoints/endpoint-secrets";
import { settleOutsideSources } from "./note-outside-source";
import { loadStripeAddresses } from "./source-addresses";
import { refreshSourceBlocks, settleSourceBlocks } from "./source-limiter";
import { STRIPE_WEBHOOK_ADDRESSES } from "./stripe-webhook-addresses";

const STRIPE = STRIPE_WEBHOOK_ADDRESSES[0]!;
let nextEvent = 0;
const customerEvent = () => stripeEvent("customer.created", { id: `cus_src${Date.now()}${nextEvent++}`, object: "customer" });
const forged = (endpoint: string, sourceIp: string) => ({ ...signedDelivery(customerEvent(), endpoint, "whsec_not_the_endpoints_secret_at_all"), sourceIp });

describe("the flood limiter", () => {
  it("a source past the failure limit is answered 429 before any signature work, each request is not recorded, and genuine traffic goes on", async () => {
    const { name, secret } = await endpointWithSecret();
    const attacker = "203.0.113.41";
    const start = Date.now();
    for (let i = 0; i < 5; i++) expect((await deliver(forged(name, attacker), new Date(start + i * 1_000))).status).toBe(400);
    const blocked = await deliver(forged(name, attacker), new Date(start + 6_000));
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ error: { code: "source_blocked" } });
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(500);
    // Even a correctly signed request from the blocked source is refused: its body is never read.
    const genuine = customerEvent();
    expect((await deliver({ ...signedDelivery(genuine, name, secret), sourceIp: attacker }, new Date(start + 7_000))).status).toBe(429);
    expect(await prisma().stripeEvent.count({ where: { stripeEventId: genuine.id } })).toBe(0);
    // A flood of 200 more costs tallies, not a row each.
    for (let i = 0; i < 200; i++) await deliver(forged(name, attacker), new Date(start + 8_000 + i));
    await flushRejections();
    await settleSourceBlocks();
    const tally = await prisma().rejectionTally.aggregate({ _sum: { count: true }, where: { sourceIp: attacker, reason: "source_blocked" } });
    expect(tally._sum.count).toBe(202);
    expect(await prisma().rejectedDelivery.count({ where: { sourceIp: attacker } })).toBeLessThanOrEqual(40);
    const block = await prisma().sourceBlock.findFirstOrThrow({ where: { address: attacker } });
    expect(block.failures).toBe(5);
    const decision = await prisma().gatekeeperDecision.findFirstOrThrow({ where: { kind: "source_blocked", subject: `source:${attacker}` } });
    expect(decision.explanation).toMatchObject({ attack: true, reasons: { signature_mismatch: 5 } });
    expect(await prisma().alert.count({ where: { kind: "source_blocked", subject: `source:${attacker}`, resolvedAt: null } })).toBe(1);

    // Stripe's own deliveries are untouched by the block.
    const fromStripe = customerEvent();
    expect((await deliver({ ...signedDelivery(fromStripe, name, secret), sourceIp: STRIPE }, new Date(start + 9_000))).status).toBe(200);

    // The block ends on time.
    const after = new Date(start + 11 * 60_000);
    await refreshSourceBlocks(after);
    expect((await deliver({ ...signedDelivery(customerEvent(), name, secret, Math.floor(after.getTime() / 1000)), sourceIp: attacker }, after)).status).toBe(200);
  });

  it("never blocks Stripe's addresses, this machine, or an address that delivered verified events", async () => {
    const { name, secret } = await endpointWithSecret();
    const start = Date.now();
    const partner = "198.51.100.23";
    expect((await deliver({ ...signedDelivery(customerEvent(), name, secret), sourceIp: partner }, new Date(start))).status).toBe(200);
    for (const address of [STRIPE, "127.0.0.1", partner]) {
      for (let i = 0; i < 8; i++) await deliver(forged(name, address), new Date(start + i * 100));
      expect((await deliver(forged(name, address), new Date(start + 1_000))).status).toBe(400);
    }
  });
});

describe("the source policy", () => {
  it("enforce refuses an address outside Stripe's list with 403 before any signature work, and records nothing; Stripe's addresses go through", async () => {
    const { name, secret } = await endpointWithSecret();
    await loadStripeAddresses();
    await prisma().endpoint.update({ where: { name }, data: { sourcePolicy: "enforce" } });
    forgetEndpointSecrets(name);
    const outside = customerEvent();
    const refused = await deliver({ ...signedDelivery(outside, name, secret), sourceIp: "192.0.2.77" });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: "source_not_allowed" } });
    expect(await prisma().stripeEvent.count({ where: { stripeEventId: outside.id } })).toBe(0);
    // Refused before any signature work: even an unsigned request gets 403, not 400.
    expect((await deliver({ body: "{}", header: null, endpoint: name, sourceIp: "192.0.2.77" })).status).toBe(403);
    const inside = customerEvent();
    expect((await deliver({ ...signedDelivery(inside, name, secret), sourceIp: STRIPE })).status).toBe(200);
    await settleOutsideSources();
    expect(await prisma().gatekeeperDecision.count({ where: { kind: "source_refused", subject: "source:192.0.2.77" } })).toBeGreaterThanOrEqual(1);
  });

  it("monitor (the default) accepts a verified delivery from outside Stripe's list and flags the source once", async () => {
    const { name, secret } = await endpointWithSecret();
    const endpoint = await prisma().endpoint.findUniqueOrThrow({ where: { name } });
    expect(endpoint.sourcePolicy).toBe("monitor");
    for (let i = 0; i < 3; i++) expect((await deliver({ ...signedDelivery(customerEvent(), name, secret), sourceIp: "192.0.2.78" })).status).toBe(200);
    await settleOutsideSources();
    expect(await prisma().gatekeeperDecision.count({ where: { kind: "source_outside", subject: "source:192.0.2.78", endpointId: endpoint.id } })).toBe(1);
  });
});
