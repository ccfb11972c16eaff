import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkoutPaymentEvents, newPaymentFlow, paymentIntent, stripeEvent, subscriptionLifecycleEvents, type StripeEventJson } from "@/cli/simulate/stripe-events";
import { stripeId } from "@/cli/simulate/stripe-ids";
import { apiGet, apiPost } from "@/tests/support/api";
import { booksFixture } from "@/tests/support/books";
import { useFakeStripe } from "@/tests/support/fake-stripe";
import { deliver, signedDelivery } from "@/tests/support/intake";
import { cliContext } from "@/tests/support/users";
import { disconnect, pool, prisma } from "../db";
import { setEndpointStripeKey } from "../endpoints/set-endpoint-stripe-key";
import { updateEndpoint } from "../endpoints/update-endpoint";
import { HANDLERS } from "../processing/handlers";
import type { FakeStripe } from "../stripe-fake/fake-stripe";
import { getHorizon, alertOnHorizon } from "./horizon";
import { getReconciliationOrThrow } from "./list-reconciliations";
import { compareEventWithStripe, reconcileEvent } from "./reconcile-event";
import { repairOpenFinding } from "./repair-open-finding";
import { startReconciliation } from "./start-reconciliation";

let fake: FakeStripe;
beforeAll(async () => {
  fake = await useFakeStripe();
});
// The fake is one Stripe account: each test starts it empty, as a fresh account of its own.
beforeEach(() => fake.reset());
afterAll(() => disconnect());

/** A books fixture whose endpoint has its own Stripe key (a fresh account on the fake). */
async function healingBooks() {
  const books = await booksFixture();
  await setEndpointStripeKey({ name: books.endpoint.name, apiKey: `rk_test_${randomBytes(10).toString("hex")}` }, cliContext);
  return books;
}

/** Stripe's side of events: known to its API, with the object stored too. */
function stripeKnows(events: StripeEventJson[], deliverySuccess = true): void {
  for (const event of events) fake.addEvent(event as unknown as Record<string, unknown>, { deliverySuccess, storeObject: true });
}

const transactionOf = (reference: string) => prisma().transaction.findUniqueOrThrow({ where: { reference } });

describe("missed-event recovery", () => {
  it("a webhook lost during simulated downtime is recovered by one recovery run, applied once", async () => {
    const books = await healingBooks();
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    // Downtime: Stripe created the events and failed to deliver them; nothing reached intake.
    const all = checkoutPaymentEvents(flow);
    stripeKnows(all, false);
    // Hookwarden recovers the types it applies (payment_intent.created is not one).
    const events = all.filter((event) => event.type in HANDLERS);
    expect(events.length).toBe(3);

    const run = await startReconciliation({ kind: "missed_events", endpoint: books.endpoint.name }, cliContext, { wait: true });
    await books.settle();

    const done = await getReconciliationOrThrow(run.id);
    expect(done).toMatchObject({ status: "succeeded", findings: events.length, repaired: events.length });
    expect(done.items.map((finding) => [finding.kind, finding.status])).toEqual(events.map(() => ["missed_event", "repaired"]));
    expect((await transactionOf(flow.reference)).status).toBe("paid");
    const recovered = await prisma().stripeEvent.findMany({ where: { endpoint: { name: books.endpoint.name } } });
    expect(recovered.map((event) => event.origin)).toEqual(events.map(() => "recovered"));
    expect(recovered.every((event) => event.reconciliationRunId === run.id && event.confirmedAt !== null)).toBe(true);

    // A second run finds nothing new; Stripe's late retry of one event is a duplicate; nothing is applied twice.
    const effectsOf = async () =>
      (await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM effect f JOIN stripe_event e ON e.id = f.event_id JOIN endpoint p ON p.id = e.endpoint_id WHERE p.name = $1`, [books.endpoint.name])).rows[0]!.n;
    const effectsAfterRecovery = await effectsOf();
    expect(effectsAfterRecovery).toBeGreaterThanOrEqual(3);
    const paidAt = (await transactionOf(flow.reference)).paidAt;
    const again = await startReconciliation({ kind: "missed_events", endpoint: books.endpoint.name }, cliContext, { wait: true });
    expect(await getReconciliationOrThrow(again.id)).toMatchObject({ status: "succeeded", findings: 0, repaired: 0 });
    const late = await deliver(signedDelivery(events.at(-1)!, books.endpoint.name, books.endpoint.secret));
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ duplicate: true });
    await books.settle();
    expect(await effectsOf()).toBe(effectsAfterRecovery);
    expect((await transactionOf(flow.reference)).paidAt).toEqual(paidAt);
    const audit = await prisma().auditEntry.count({ where: { action: "reconciliations.repair", detail: { contains: run.id } } });
    expect(audit).toBe(events.length);
  });

  it("a dry run lists what it would recover and changes nothing", async () => {
    const books = await healingBooks();
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    stripeKnows(checkoutPaymentEvents(flow), false);
    const run = await startReconciliation({ kind: "missed_events", endpoint: books.endpoint.name, dryRun: true }, cliContext, { wait: true });
    const done = await getReconciliationOrThrow(run.id);
    expect(done).toMatchObject({ status: "succeeded", findings: 3, repaired: 0 });
    expect(await prisma().stripeEvent.count({ where: { endpoint: { name: books.endpoint.name } } })).toBe(0);
    // One click repairs one finding from the dry run, through the pipeline.
    const finding = done.items.find((item) => item.subject.startsWith("event:"))!;
    await repairOpenFinding(finding.id, cliContext);
    await expect(repairOpenFinding(finding.id, cliContext)).rejects.toMatchObject({ code: "conflict" });
    expect(await prisma().stripeEvent.count({ where: { endpoint: { name: books.endpoint.name }, origin: "recovered" } })).toBe(1);
  });

  it("refuses clearly, and records no run, when the endpoint has no Stripe key or the window is exceeded", async () => {
    const books = await booksFixture();
    const before = await prisma().reconciliationRun.count();
    await expect(startReconciliation({ kind: "missed_events", endpoint: books.endpoint.name }, cliContext)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("no Stripe API key") });
    await setEndpointStripeKey({ name: books.endpoint.name, apiKey: "rk_test_windowcheck" }, cliContext);
    await expect(startReconciliation({ kind: "missed_events", endpoint: books.endpoint.name, since: "2020-01-01T00:00:00Z" }, cliContext)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(startReconciliation({ kind: "sideways", endpoint: books.endpoint.name }, cliContext)).rejects.toMatchObject({ code: "invalid_request" });
    await updateEndpoint({ name: books.endpoint.name, noReferencePolicy: "quarantine", toleranceSeconds: null, thin: true }, cliContext);
    await expect(startReconciliation({ kind: "missed_events", endpoint: books.endpoint.name }, cliContext)).rejects.toMatchObject({ code: "invalid_request", message: expect.stringContaining("thin events") });
    expect(await prisma().reconciliationRun.count()).toBe(before);
  });
});

describe("the machine interface", () => {
  it("POST /api/v1/reconciliations starts a run (202) that GET reports as it goes and when done; bad input is a 422 that starts nothing", async () => {
    const books = await healingBooks();
    stripeKnows(checkoutPaymentEvents(newPaymentFlow()), false);
    const before = await prisma().reconciliationRun.count();
    const bad = await apiPost("/api/v1/reconciliations", books.operator, { kind: "everything", endpoint: books.endpoint.name });
    expect(bad.status).toBe(422);
    expect(await prisma().reconciliationRun.count()).toBe(before);
    const started = await apiPost("/api/v1/reconciliations", books.operator, { kind: "missed_events", endpoint: books.endpoint.name, dryRun: true });
    expect(started.status).toBe(202);
    const id = (started.body.run as { id: string }).id;
    let run: Record<string, unknown> = {};
    for (let attempt = 0; attempt < 100; attempt += 1) {
      run = (await apiGet(`/api/v1/reconciliations/${id}`, books.operator)).body;
      if (run.status !== "running") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(run).toMatchObject({ status: "succeeded", kind: "missed_events", dryRun: true, findings: 3, progress: { requests: 1, pages: 1, objects: 3 } });
    expect((await apiGet("/api/v1/reconciliations", books.operator)).body.runs).toEqual(expect.arrayContaining([expect.objectContaining({ id })]));
    expect((await apiGet("/api/v1/reconciliations/not-a-run", books.operator)).status).toBe(404);
  });
});

describe("drift audit", () => {
  it("a subscription changed at Stripe without a webhook is found by the drift audit and repaired; dry run changes nothing", async () => {
    const books = await healingBooks();
    const [created, , activated] = subscriptionLifecycleEvents();
    await books.send([created!, activated!]);
    await books.settle();
    const subscription = activated!.data.object;
    expect((await prisma().subscription.findUniqueOrThrow({ where: { id: subscription.id } })).status).toBe("active");
    // At Stripe, the subscription was cancelled; the webhook never came. Another exists only at Stripe.
    fake.putObject("subscriptions", { ...subscription, status: "canceled", canceled_at: Math.floor(Date.now() / 1000) });
    const onlyAtStripe = { ...subscription, id: stripeId("sub"), status: "trialing" };
    fake.putObject("subscriptions", onlyAtStripe);

    const dry = await startReconciliation({ kind: "drift_audit", endpoint: books.endpoint.name, dryRun: true }, cliContext, { wait: true });
    const dryRun = await getReconciliationOrThrow(dry.id);
    expect(dryRun.status).toBe("succeeded");
    const drift = dryRun.items.find((item) => item.subject === `subscription:${subscription.id}`);
    expect(drift).toMatchObject({ kind: "subscription_drift", status: "open", ours: { status: "active", entitled: true }, stripe: { status: "canceled", entitled: false } });
    expect(dryRun.items.find((item) => item.subject === `subscription:${onlyAtStripe.id}`)).toMatchObject({ kind: "subscription_missing", status: "open" });
    await books.settle();
    expect((await prisma().subscription.findUniqueOrThrow({ where: { id: subscription.id } })).status).toBe("active");
    expect(await prisma().subscription.findUnique({ where: { id: onlyAtStripe.id } })).toBeNull();

    const real = await startReconciliation({ kind: "drift_audit", endpoint: books.endpoint.name }, cliContext, { wait: true });
    await books.settle();
    const repaired = await getReconciliationOrThrow(real.id);
    expect(repaired.items.filter((item) => item.subject.startsWith("subscription:")).map((item) => item.status)).toEqual(["repaired", "repaired"]);
    expect((await prisma().subscription.findUniqueOrThrow({ where: { id: subscription.id } })).status).toBe("canceled");
    expect((await prisma().subscription.findUniqueOrThrow({ where: { id: onlyAtStripe.id } })).status).toBe("trialing");
    // Through the effect path: a repair event, processed, with its effect and an audit record.
    const repairEvent = await prisma().stripeEvent.findUniqueOrThrow({ where: { id: repaired.items.find((item) => item.subject === `subscription:${subscription.id}`)!.repairEventId! } });
    expect(repairEvent).toMatchObject({ origin: "repair", status: "processed", type: "customer.subscription.updated" });
    expect(await prisma().effect.findUnique({ where: { eventId: repairEvent.id } })).toMatchObject({ kind: "subscription_mirrored" });
    expect(await prisma().auditEntry.count({ where: { action: "reconciliations.repair", subject: `subscription:${subscription.id}` } })).toBe(1);

    // Nothing left to find.
    const after = await startReconciliation({ kind: "drift_audit", endpoint: books.endpoint.name }, cliContext, { wait: true });
    expect((await getReconciliationOrThrow(after.id)).items.filter((item) => item.subject.startsWith("subscription:"))).toEqual([]);
  });

  it("a payment that succeeded at Stripe while our books missed it is repaired through payment_intent.succeeded", async () => {
    const books = await healingBooks();
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    fake.putObject("payment_intents", paymentIntent(flow, "succeeded"));
    const run = await startReconciliation({ kind: "drift_audit", endpoint: books.endpoint.name }, cliContext, { wait: true });
    await books.settle();
    const found = (await getReconciliationOrThrow(run.id)).items.find((item) => item.subject === `transaction:${flow.reference}`);
    expect(found).toMatchObject({ kind: "transaction_unpaid_here", status: "repaired", ours: { status: "pending" }, stripe: { status: "succeeded" } });
    expect(await transactionOf(flow.reference)).toMatchObject({ status: "paid", paidBy: flow.paymentIntent });
  });
});

describe("confirm with source", () => {
  it("an event signed with the right secret but unknown to Stripe is quarantined as unconfirmed_by_stripe", async () => {
    const books = await healingBooks();
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    const forged = stripeEvent("payment_intent.succeeded", paymentIntent(flow, "succeeded"));
    await books.send([forged]);
    await books.settle();
    expect(await books.statusOf(forged.id)).toBe("quarantined");
    const item = await prisma().quarantineItem.findUniqueOrThrow({ where: { eventId: await books.ledgerIdOf(forged.id) } });
    expect(item.reason).toBe("unconfirmed_by_stripe");
    expect(JSON.stringify(item.evidence)).toContain("unknown to Stripe");
    expect((await transactionOf(flow.reference)).status).toBe("pending");
  });

  it("an event whose object differs materially at Stripe is quarantined with the differences; a faithful one is applied and marked confirmed", async () => {
    const books = await healingBooks();
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    const genuine = stripeEvent("payment_intent.succeeded", paymentIntent(flow, "succeeded"));
    // Stripe's copy says another customer paid: the delivered one was altered.
    stripeKnows([{ ...genuine, data: { object: { ...genuine.data.object, customer: "cus_someoneelse" } } }]);
    await books.send([genuine]);
    await books.settle();
    expect(await books.statusOf(genuine.id)).toBe("quarantined");
    const item = await prisma().quarantineItem.findUniqueOrThrow({ where: { eventId: await books.ledgerIdOf(genuine.id) } });
    expect(item).toMatchObject({ reason: "unconfirmed_by_stripe", evidence: [{ field: "customer", expected: "cus_someoneelse", received: flow.customer }] });

    const honest = newPaymentFlow();
    await books.register({ reference: honest.reference, amount: honest.amount, currency: honest.currency, customer: honest.customer });
    const event = stripeEvent("payment_intent.succeeded", paymentIntent(honest, "succeeded"));
    stripeKnows([event]);
    await books.send([event]);
    await books.settle();
    expect(await prisma().stripeEvent.findFirstOrThrow({ where: { stripeEventId: event.id } })).toMatchObject({ status: "processed", confirmedAt: expect.any(Date) });
    expect((await transactionOf(honest.reference)).status).toBe("paid");
  });

  it("while Stripe cannot be asked, the event waits (failed, retried later) and applies nothing; once Stripe answers it is confirmed and applied", async () => {
    const books = await healingBooks();
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    const event = stripeEvent("payment_intent.succeeded", paymentIntent(flow, "succeeded"));
    stripeKnows([event]);
    fake.failNext({ method: "GET", path: `/v1/events/${event.id}`, status: 500, times: 3 });
    await books.send([event]);
    await books.settle();
    const row = await prisma().stripeEvent.findFirstOrThrow({ where: { stripeEventId: event.id } });
    expect(row).toMatchObject({ status: "failed", confirmedAt: null, lastError: expect.stringContaining("Stripe could not be asked") });
    expect((await transactionOf(flow.reference)).status).toBe("pending");
    // The retry is due (skip the 2 s backoff); Stripe answers now.
    await pool().query(`UPDATE stripe_event SET next_attempt_at = now() WHERE id = $1`, [row.id]);
    await books.settle();
    expect(await prisma().stripeEvent.findFirstOrThrow({ where: { stripeEventId: event.id } })).toMatchObject({ status: "processed", confirmedAt: expect.any(Date) });
    expect((await transactionOf(flow.reference)).status).toBe("paid");
  });

  it("is per endpoint and type: an event type outside the endpoint's list is applied without asking Stripe", async () => {
    const books = await healingBooks();
    await updateEndpoint({ name: books.endpoint.name, noReferencePolicy: "quarantine", toleranceSeconds: null, confirmEventTypes: ["invoice.paid"] }, cliContext);
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    const unknownToStripe = stripeEvent("payment_intent.succeeded", paymentIntent(flow, "succeeded"));
    await books.send([unknownToStripe]);
    await books.settle();
    expect(await books.statusOf(unknownToStripe.id)).toBe("processed");
  });
});

describe("reconciliation fetch and the event page's reconcile", () => {
  it("an event that cannot be processed as delivered is processed with the state fetched from Stripe; if that fails too it is dead with both errors and an alert", async () => {
    const books = await healingBooks();
    // Not asked before applying, so the broken delivery reaches the handler.
    await updateEndpoint({ name: books.endpoint.name, noReferencePolicy: "quarantine", toleranceSeconds: null, confirmEventTypes: [] }, cliContext);
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    const good = stripeEvent("payment_intent.succeeded", paymentIntent(flow, "succeeded"));
    stripeKnows([good]);
    // Delivered with a broken object (no valid payment intent id): malformed as delivered.
    const broken = { ...good, data: { object: { ...good.data.object, id: "not-a-payment-intent" } } };
    await books.send([broken]);
    await books.settle();
    expect(await books.statusOf(good.id)).toBe("processed");
    expect((await transactionOf(flow.reference)).status).toBe("paid");
    const history = await prisma().eventStatusChange.findMany({ where: { eventId: await books.ledgerIdOf(good.id) }, orderBy: { id: "asc" } });
    expect(history.map((change) => change.reason).join("\n")).toContain("processed with the state fetched from Stripe");

    const lost = stripeEvent("payment_intent.succeeded", paymentIntent(newPaymentFlow(), "succeeded"));
    const unknown = { ...lost, data: { object: { ...lost.data.object, id: "not-a-payment-intent" } } };
    await books.send([unknown]);
    await books.settle();
    const dead = await prisma().stripeEvent.findFirstOrThrow({ where: { stripeEventId: unknown.id } });
    expect(dead.status).toBe("dead");
    expect(dead.lastError).toMatch(/expected a pi_\.\.\. object id.*then, with the state fetched from Stripe: .*does not know/);
    expect(await prisma().alert.findFirst({ where: { kind: "event_dead", subject: `event:${unknown.id}` } })).toMatchObject({ severity: "critical", resolvedAt: null });
  });

  it("compares an event with Stripe's copy, and applies Stripe's copy from quarantine", async () => {
    const books = await healingBooks();
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    const real = stripeEvent("payment_intent.succeeded", paymentIntent(flow, "succeeded"));
    stripeKnows([real]);
    // The delivery was altered in flight (an amount that would be quarantined anyway).
    const altered = { ...real, data: { object: { ...real.data.object, amount: 1, amount_received: 1 } } };
    await books.send([altered]);
    await books.settle();
    expect(await books.statusOf(real.id)).toBe("quarantined");
    const ref = { ledgerId: await books.ledgerIdOf(real.id) };
    const comparison = await compareEventWithStripe(ref);
    expect(comparison).toMatchObject({ stripeKnows: true, canApply: true, status: "quarantined" });
    expect(comparison.differences).toEqual(expect.arrayContaining([{ field: "amount", expected: flow.amount, received: 1 }]));
    await expect(reconcileEvent(ref, { reason: "" }, cliContext)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(reconcileEvent(ref, { reason: "ok" }, cliContext)).rejects.toMatchObject({ code: "invalid_request" });
    const result = await reconcileEvent(ref, { reason: "the delivery was altered; Stripe's copy is right" }, cliContext);
    expect(result).toMatchObject({ outcome: "processed" });
    expect(await transactionOf(flow.reference)).toMatchObject({ status: "paid" });
    expect(await prisma().quarantineItem.findUniqueOrThrow({ where: { eventId: ref.ledgerId } })).toMatchObject({ status: "released" });
    expect(await prisma().auditEntry.findFirst({ where: { action: "events.reconcile", subject: `event:${real.id}` } })).toMatchObject({ after: { status: "processed" } });
    await expect(reconcileEvent(ref, { reason: "again" }, cliContext)).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("thin events", () => {
  it("a thin event is processed by fetching its related object, so the same handler and books apply", async () => {
    const books = await healingBooks();
    await updateEndpoint({ name: books.endpoint.name, noReferencePolicy: "quarantine", toleranceSeconds: null, thin: true }, cliContext);
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    fake.putObject("payment_intents", paymentIntent(flow, "succeeded"));
    const thin = {
      id: stripeId("evt"),
      object: "v2.core.event",
      type: "v1.payment_intent.succeeded",
      created: new Date().toISOString(),
      livemode: false,
      context: null,
      related_object: { id: flow.paymentIntent, type: "payment_intent", url: `/v1/payment_intents/${flow.paymentIntent}` },
    };
    fake.addThinEvent(thin);
    const answer = await deliver(signedDelivery(JSON.stringify(thin), books.endpoint.name, books.endpoint.secret));
    expect(answer.status).toBe(200);
    await books.settle();
    expect(await books.statusOf(thin.id)).toBe("processed");
    expect(await transactionOf(flow.reference)).toMatchObject({ status: "paid", paidBy: flow.paymentIntent });

    // A thin event Stripe never created, naming a real object: quarantined, nothing applied.
    const other = newPaymentFlow();
    await books.register({ reference: other.reference, amount: other.amount, currency: other.currency, customer: other.customer });
    fake.putObject("payment_intents", paymentIntent(other, "succeeded"));
    const forged = { ...thin, id: stripeId("evt"), related_object: { id: other.paymentIntent, type: "payment_intent", url: `/v1/payment_intents/${other.paymentIntent}` } };
    await deliver(signedDelivery(JSON.stringify(forged), books.endpoint.name, books.endpoint.secret));
    await books.settle();
    expect(await books.statusOf(forged.id)).toBe("quarantined");
    expect((await prisma().quarantineItem.findUniqueOrThrow({ where: { eventId: await books.ledgerIdOf(forged.id) } })).reason).toBe("unconfirmed_by_stripe");
    expect((await transactionOf(other.reference)).status).toBe("pending");
  });
});

describe("the 30-day horizon", () => {
  it("shows every unsettled event's time left and alerts before it runs out", async () => {
    const books = await healingBooks();
    const old = stripeEvent("payment_intent.succeeded", paymentIntent(newPaymentFlow(), "succeeded"), { created: Math.floor(Date.now() / 1000) - 28 * 86_400 });
    await books.send([old]);
    await books.settle();
    expect(await books.statusOf(old.id)).toBe("quarantined");
    const horizon = await getHorizon({ withinDays: 5, limit: 1_000 });
    const mine = horizon.nearest.find((event) => event.stripeEventId === old.id)!;
    expect(mine.msLeft).toBeGreaterThan(1.9 * 86_400_000);
    expect(mine.msLeft).toBeLessThan(2.1 * 86_400_000);
    expect(horizon.expiringSoon).toBeGreaterThanOrEqual(1);
    await alertOnHorizon();
    expect(await prisma().alert.findFirst({ where: { kind: "horizon_near", resolvedAt: null } })).toMatchObject({ message: expect.stringContaining("30-day") });
  });
});
