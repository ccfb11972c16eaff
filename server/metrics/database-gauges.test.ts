import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardAttemptEvents } from "@/cli/simulate/card-attempts";
import { checkoutPaymentEvents, newPaymentFlow, stripeEvent } from "@/cli/simulate/stripe-events";
import { stripeId } from "@/cli/simulate/stripe-ids";
import { booksFixture } from "@/tests/support/books";
import { endpointWithStripeKey, useFakeStripe } from "@/tests/support/fake-stripe";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { endpointWithOpenBreaker } from "@/tests/support/gatekeeper";
import { deliver, endpointWithSecret, recordWithoutEnqueue, signedDelivery } from "@/tests/support/intake";
import { cardTestingRun } from "@/tests/support/payment-traffic";
import { parsePrometheusText, sampleValue, samplesOf, type Exposition } from "@/tests/support/prometheus-text";
import { settleEvents } from "@/tests/support/settle";
import { cliContext } from "@/tests/support/users";
import { disconnect, prisma } from "../db";
import { reloadEnv } from "../env";
import { changeBreaker } from "../gatekeeper/breaker/change-breaker";
import { QUARANTINE_REASONS } from "../quarantine/quarantine-reasons";
import { settleReconciliations, startReconciliation } from "../reconcile/start-reconciliation";
import { registerTransaction } from "../transactions/register-transaction";
import { countDestinationAttempt } from "./destination-metrics";
import { createDestination } from "../destinations/create-destination";
import { pauseDestination } from "../destinations/pause-destination";
import { subscriptionLifecycleEvents } from "@/cli/simulate/stripe-events";
import { BREAKER_GAUGE_VALUES, METRIC_NAMES } from "./metric-names";
import { QUEUE_DEPTH_STATUSES } from "./read-database-gauges";
import { renderMetrics } from "./render-metrics";

// The gauges count whole tables (every queued event, every open quarantine item): this file has a database of its own.
beforeAll(() => useFreshDatabase("metrics_gauges"), 60_000);
afterAll(() => disconnect());
// Each Stripe request of a reconciliation takes a moment, so that a scrape can see the run while it runs.
beforeAll(() => useFakeStripe({ latencyMs: 400 }));

/** A scrape that reads the database now (or, with the default, at most once per cache window). */
async function scrape(maxAgeMs = 0): Promise<Exposition> {
  return parsePrometheusText((await renderMetrics(maxAgeMs)).body);
}

describe("database gauges, read at scrape time", () => {
  it("queue depth by status and the processing lag follow the ledger: what is recorded and not processed, and the oldest one's age", async () => {
    const empty = await scrape();
    for (const status of QUEUE_DEPTH_STATUSES) expect(sampleValue(empty, METRIC_NAMES.queueDepth, { status }), status).toBe(0);
    expect(sampleValue(empty, METRIC_NAMES.processingLag)).toBe(0);

    const { name } = await endpointWithSecret();
    await recordWithoutEnqueue(stripeEvent("customer.updated", { id: stripeId("cus"), object: "customer" }), name, new Date(Date.now() - 180_000));
    await recordWithoutEnqueue(stripeEvent("customer.updated", { id: stripeId("cus"), object: "customer" }), name);

    const after = await scrape();
    expect(sampleValue(after, METRIC_NAMES.queueDepth, { status: "received" })).toBe(2);
    expect(sampleValue(after, METRIC_NAMES.queueDepth, { status: "queued" })).toBe(0);
    expect(sampleValue(after, METRIC_NAMES.processingLag)).toBeGreaterThanOrEqual(180);
    expect(sampleValue(after, METRIC_NAMES.processingLag)).toBeLessThan(240);
  });

  it("open quarantine items by reason, and the received-to-processed histogram counts the events processing applied", async () => {
    const endpoint = await endpointWithSecret();
    // A Checkout payment whose reference was never registered (processing quarantines the session), and one registered (applied).
    const paid = newPaymentFlow();
    await registerTransaction({ reference: paid.reference, amount: paid.amount, currency: paid.currency, customer: paid.customer });
    const events = [...checkoutPaymentEvents(newPaymentFlow()), ...checkoutPaymentEvents(paid)];
    for (const event of events) expect((await deliver(signedDelivery(event, endpoint.name, endpoint.secret))).status).toBe(200);
    await settleEvents(endpoint.name, events.map((event) => event.id));

    const open = await prisma().quarantineItem.groupBy({ by: ["reason"], where: { status: "open" }, _count: true });
    expect(open.length).toBeGreaterThan(0);
    const exposition = await scrape();
    for (const reason of Object.keys(QUARANTINE_REASONS)) {
      expect(sampleValue(exposition, METRIC_NAMES.quarantineOpen, { reason }), reason).toBe(open.find((group) => group.reason === reason)?._count ?? 0);
    }
    const processed = await prisma().stripeEvent.count({ where: { status: "processed" } });
    expect(processed).toBeGreaterThan(0);
    expect(sampleValue(exposition, `${METRIC_NAMES.processingDelay}_count`)).toBe(processed);
  });

  it("each endpoint's breaker: 0 closed, 2 open, 3 shedding, 1 half-open, back to 0 once closed; the open alerts by kind", async () => {
    const quiet = await endpointWithSecret();
    const shedding = await endpointWithOpenBreaker();
    const halfOpen = await endpointWithOpenBreaker();
    const state = (exposition: Exposition, endpoint: string) => sampleValue(exposition, METRIC_NAMES.breakerState, { endpoint });

    const opened = await scrape();
    expect(state(opened, quiet.name)).toBe(BREAKER_GAUGE_VALUES.closed);
    expect(state(opened, shedding.name)).toBe(BREAKER_GAUGE_VALUES.open);
    expect(sampleValue(opened, METRIC_NAMES.alertsOpen, { kind: "breaker_open" })).toBe(2);

    await changeBreaker(shedding.breakerId, { to: "shed", hours: 1, reason: "flood of forged successes" }, cliContext);
    await changeBreaker(halfOpen.breakerId, { to: "half_open", reason: "looked into it, release slowly" }, cliContext);
    const moved = await scrape();
    expect(state(moved, shedding.name)).toBe(BREAKER_GAUGE_VALUES.shed);
    expect(state(moved, halfOpen.name)).toBe(BREAKER_GAUGE_VALUES.half_open);
    expect(sampleValue(moved, METRIC_NAMES.alertsOpen, { kind: "breaker_shedding" })).toBe(1);
    // One series per endpoint, whatever happened to its breakers.
    expect(samplesOf(moved, METRIC_NAMES.breakerState).filter((sample) => sample.labels.endpoint === halfOpen.name)).toHaveLength(1);

    await changeBreaker(halfOpen.breakerId, { to: "closed", reason: "all clear" }, cliContext);
    expect(state(await scrape(), halfOpen.name)).toBe(BREAKER_GAUGE_VALUES.closed);
  });

  it("open fraud reviews by kind: a card-testing run opens one", async () => {
    const books = await booksFixture();
    const run = cardTestingRun({ start: Math.floor(Date.now() / 1000) - 1_800, attempts: 20, everySeconds: 45, customer: stripeId("cus"), email: "tester@example.com", succeedEvery: 7 });
    const events = run.flatMap(cardAttemptEvents);
    await books.send(events);
    await settleEvents(books.endpoint.name, events.map((event) => event.id), 60_000);

    const open = await prisma().reviewItem.count({ where: { status: "open", kind: "card_testing" } });
    expect(open).toBeGreaterThanOrEqual(1);
    const exposition = await scrape();
    expect(sampleValue(exposition, METRIC_NAMES.reviewsOpen, { kind: "card_testing" })).toBe(open);
    expect(sampleValue(exposition, METRIC_NAMES.reviewsOpen, { kind: "retry_probing" })).toBe(0);
  });

  it("reconciliation runs by kind and status, and a running run's progress while it runs", async () => {
    const endpoint = await endpointWithStripeKey();
    await startReconciliation({ kind: "missed_events", endpoint: endpoint.name }, cliContext);
    const running = await scrape();
    expect(sampleValue(running, METRIC_NAMES.reconciliationRuns, { kind: "missed_events", status: "running" })).toBe(1);
    expect(sampleValue(running, METRIC_NAMES.reconciliationCompared, { endpoint: endpoint.name, kind: "missed_events" })).toBe(0);

    await settleReconciliations();
    const done = await scrape();
    expect(sampleValue(done, METRIC_NAMES.reconciliationRuns, { kind: "missed_events", status: "running" })).toBe(0);
    expect(sampleValue(done, METRIC_NAMES.reconciliationRuns, { kind: "missed_events", status: "succeeded" })).toBe(1);
    expect(sampleValue(done, METRIC_NAMES.reconciliationRuns, { kind: "drift_audit", status: "failed" })).toBe(0);
    expect(samplesOf(done, METRIC_NAMES.reconciliationCompared)).toHaveLength(0);
  });

  it("many scrapes within the cache window read the database once: a change shows only once the window has passed", async () => {
    const before = await scrape();
    const { name } = await endpointWithSecret();
    const cached = await scrape(5_000);
    expect(sampleValue(cached, METRIC_NAMES.breakerState, { endpoint: name })).toBeUndefined();
    expect(sampleValue(cached, METRIC_NAMES.queueDepth, { status: "received" })).toBe(sampleValue(before, METRIC_NAMES.queueDepth, { status: "received" }));
    expect(sampleValue(await scrape(), METRIC_NAMES.breakerState, { endpoint: name })).toBe(BREAKER_GAUGE_VALUES.closed);
  });

  it("destination delivery: attempts and latency counted in memory, the backlog of every destination read at scrape time", async () => {
    countDestinationAttempt({ destination: "default/orders-app", outcome: "delivered", seconds: 0.12 });
    countDestinationAttempt({ destination: "default/orders-app", outcome: "timeout", seconds: 10 });
    const books = await booksFixture();
    const destination = await createDestination({ endpoint: books.endpoint.name, name: "metrics-app", url: "https://app.example.com/hooks", eventTypes: ["customer.subscription.*"] }, cliContext);
    await pauseDestination({ destination: destination.id, reason: "counting the backlog" }, cliContext);
    await books.send(subscriptionLifecycleEvents());
    await books.settle();
    const exposition = await scrape(0);
    expect(sampleValue(exposition, METRIC_NAMES.destinationAttempts, { destination: "default/orders-app", outcome: "delivered" })).toBe(1);
    expect(sampleValue(exposition, METRIC_NAMES.destinationAttempts, { destination: "default/orders-app", outcome: "timeout" })).toBe(1);
    expect(sampleValue(exposition, `${METRIC_NAMES.destinationDuration}_count`, { destination: "default/orders-app" })).toBe(2);
    expect(sampleValue(exposition, `${METRIC_NAMES.destinationDuration}_bucket`, { destination: "default/orders-app", le: "0.25" })).toBe(1);
    expect(sampleValue(exposition, METRIC_NAMES.destinationBacklog, { destination: `${books.endpoint.name}/metrics-app` })).toBe(4);
  });

  it("with the database unreachable, the database gauges are absent (not stale, not zero) and database_up says 0; the process metrics are still served", async () => {
    const shared = process.env.DATABASE_URL!;
    expect(sampleValue(await scrape(), METRIC_NAMES.databaseUp)).toBe(1);
    // Nothing listens on port 9 of the loopback: every connection is refused at once.
    process.env.DATABASE_URL = "postgresql://hookwarden:x@127.0.0.1:9/hookwarden";
    reloadEnv();
    await disconnect();
    try {
      const down = await scrape();
      expect(sampleValue(down, METRIC_NAMES.databaseUp)).toBe(0);
      expect(sampleValue(down, METRIC_NAMES.processingLag)).toBeUndefined();
      expect(samplesOf(down, METRIC_NAMES.queueDepth)).toHaveLength(0);
      expect(samplesOf(down, METRIC_NAMES.breakerState)).toHaveLength(0);
      expect(sampleValue(down, "hookwarden_process_resident_memory_bytes")).toBeGreaterThan(0);
    } finally {
      process.env.DATABASE_URL = shared;
      reloadEnv();
      await disconnect();
    }
    expect(sampleValue(await scrape(), METRIC_NAMES.databaseUp)).toBe(1);
  });
});
