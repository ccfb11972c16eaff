import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFakeStripe } from "@/tests/support/fake-stripe";
import { endpointWithSecret } from "@/tests/support/intake";
import { cliContext } from "@/tests/support/users";
import { disconnect, pool } from "../db";
import { setEndpointStripeKey } from "../endpoints/set-endpoint-stripe-key";
import { getReconciliationOrThrow } from "../reconcile/list-reconciliations";
import { startReconciliation } from "../reconcile/start-reconciliation";
import type { FakeStripe } from "../stripe-fake/fake-stripe";

const RATE = 50;
const SUBSCRIPTIONS = 10_000;
const PERIOD_END = 1_900_000_000;

let fake: FakeStripe;
let endpoint: string;

beforeAll(async () => {
  // Stripe's own limit is above ours, as in production: any 429 would be one we provoked.
  fake = await useFakeStripe({ readRate: RATE, rateLimitPerSecond: RATE * 2 });
  endpoint = (await endpointWithSecret()).name;
  await setEndpointStripeKey({ name: endpoint, apiKey: `rk_test_${randomBytes(10).toString("hex")}` }, cliContext);
  // 10,000 subscriptions at Stripe, mirrored identically here: the audit compares them all and finds nothing.
  const prefix = `sub_rl${randomBytes(4).toString("hex")}_`;
  const created = Math.floor(Date.now() / 1000) - 3_600;
  for (let index = 0; index < SUBSCRIPTIONS; index += 1) {
    fake.putObject("subscriptions", {
      id: `${prefix}${index}`,
      object: "subscription",
      customer: `cus_rl${index}`,
      status: "active",
      created,
      cancel_at_period_end: false,
      items: { object: "list", data: [{ id: `si_rl${index}`, object: "subscription_item", price: { id: "price_basic", object: "price" }, quantity: 1, current_period_end: PERIOD_END }] },
    });
  }
  await pool().query(
    `INSERT INTO subscription (id, customer_id, status, price_id, quantity, current_period_end, cancel_at_period_end, last_event_created_at, last_event_type)
     SELECT $1 || n, 'cus_rl' || n, 'active', 'price_basic', 1, to_timestamp($2), false, now(), 'customer.subscription.updated' FROM generate_series(0, $3 - 1) AS n`,
    [prefix, PERIOD_END, SUBSCRIPTIONS],
  );
}, 120_000);
afterAll(() => disconnect());

describe("the Stripe client's rate limiter", () => {
  it("holds the configured rate under a run over 10,000 objects, paging 100 objects a request", async () => {
    fake.resetStats();
    const run = await startReconciliation({ kind: "drift_audit", endpoint }, cliContext, { wait: true });
    const done = await getReconciliationOrThrow(run.id);
    expect(done).toMatchObject({ status: "succeeded", findings: 0 });
    expect(done.progress.compared).toBeGreaterThanOrEqual(SUBSCRIPTIONS);
    const stats = fake.stats();
    // Evenly spaced slots: never more than the rate (plus the one on the window's edge) in any second.
    expect(stats.maxInAnySecond).toBeLessThanOrEqual(RATE + 1);
    expect(stats.rateLimited).toBe(0);
    expect(done.progress.throttled).toBe(0);
    expect(SUBSCRIPTIONS / stats.byRoute["GET /v1/subscriptions"]!).toBeGreaterThanOrEqual(90);
  });

  it("a 429 storm slows the run without failing it", async () => {
    fake.resetStats();
    fake.failNext({ method: "GET", path: /^\/v1\/subscriptions/, status: 429, times: 6 });
    const run = await startReconciliation({ kind: "drift_audit", endpoint }, cliContext, { wait: true });
    const done = await getReconciliationOrThrow(run.id);
    expect(done).toMatchObject({ status: "succeeded", findings: 0 });
    expect(done.progress.compared).toBeGreaterThanOrEqual(SUBSCRIPTIONS);
    expect(done.progress.throttled).toBe(6);
    expect(done.progress.retries).toBe(6);
    expect(fake.stats().faultsServed).toBe(6);
    expect(fake.stats().maxInAnySecond).toBeLessThanOrEqual(RATE + 1);
  });

  it("a 500 that does not go away fails the run with Stripe's request id, and records it", async () => {
    fake.failNext({ method: "GET", path: /^\/v1\/subscriptions/, status: 500, times: 100 });
    const run = await startReconciliation({ kind: "drift_audit", endpoint }, cliContext, { wait: true });
    const done = await getReconciliationOrThrow(run.id);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/Stripe could not be asked for subscriptions.*\(request req_/);
    fake.reset();
  });
});
