import { afterAll, describe, expect, it } from "vitest";
import { charge, checkoutPaymentEvents, checkoutSession, failedPaymentEvents, newPaymentFlow, paymentIntent, stripeEvent, subscriptionLifecycleEvents } from "../../cli/simulate/stripe-events";
import { stripeId } from "../../cli/simulate/stripe-ids";
import { apiGet, apiPost } from "../../tests/support/api";
import { booksFixture } from "../../tests/support/books";
import { createApiKey } from "../auth/create-api-key";
import { disconnect, prisma } from "../db";
import { sweepLedger } from "../queue/sweep-ledger";
import { cliContext } from "../../tests/support/users";

afterAll(() => disconnect());

const terms = (flow: ReturnType<typeof newPaymentFlow>, extra: Record<string, unknown> = {}) => ({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer, ...extra });

describe("registered payments", () => {
  it("registers a payment: 201 with the metadata to attach; the same terms again are harmless; other terms are a 409", async () => {
    const books = await booksFixture();
    const flow = newPaymentFlow();
    const first = await apiPost("/api/v1/transactions", books.operator, terms(flow));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ reference: flow.reference, status: "pending", metadata: { hookwarden_ref: flow.reference } });
    expect((await apiPost("/api/v1/transactions", books.operator, terms(flow))).status).toBe(200);
    const conflict = await apiPost("/api/v1/transactions", books.operator, terms(flow, { amount: 1 }));
    expect(conflict.status).toBe(409);
    expect((await apiGet(`/api/v1/transactions/${flow.reference}`, books.operator)).body).toMatchObject({ amount: flow.amount });
  });

  it("answers 422 with field errors for bad input and stores nothing", async () => {
    const books = await booksFixture();
    const answer = await apiPost("/api/v1/transactions", books.operator, { reference: "bad ref!", amount: 12.5, currency: "dollars", customer: "bob" });
    expect(answer.status).toBe(422);
    expect(Object.keys((answer.body.error as { fields: Record<string, string> }).fields).sort()).toEqual(["amount", "currency", "customer", "reference"]);
    expect((await apiPost("/api/v1/transactions", books.operator, "not json")).status).toBe(422);
    const negative = await apiPost("/api/v1/transactions", books.operator, { reference: "r-1", amount: -3, currency: "usd" });
    expect((negative.body.error as { fields: Record<string, string> }).fields).toEqual({ amount: "amount must be more than 0" });
  });

  it("needs an operator key to register", async () => {
    const viewer = (await createApiKey({ name: "v", role: "viewer" }, cliContext)).key;
    expect((await apiPost("/api/v1/transactions", viewer, terms(newPaymentFlow()))).status).toBe(403);
    expect((await apiPost("/api/v1/transactions", undefined, terms(newPaymentFlow()))).status).toBe(401);
  });
});

describe("processing a Checkout payment", () => {
  it("marks the transaction paid once, links the charge through its payment intent, and entitles the customer", async () => {
    const books = await booksFixture();
    const flow = newPaymentFlow();
    await books.register(terms(flow));
    const events = checkoutPaymentEvents(flow); // payment_intent.created, charge.succeeded, checkout.session.completed, payment_intent.succeeded
    await books.send(events);
    await books.settle();
    await books.settle(); // the charge waited for its link, and was woken by the session

    expect(await Promise.all(events.map((event) => books.statusOf(event.id)))).toEqual(["ignored", "processed", "processed", "processed"]);
    const transaction = await apiGet(`/api/v1/transactions/${flow.reference}`, books.operator);
    expect(transaction.body).toMatchObject({ status: "paid", paidBy: flow.paymentIntent, failedAttempts: 0 });
    expect(transaction.body.linkedObjects).toEqual([flow.charge, flow.paymentIntent, flow.session].sort());
    expect((transaction.body.events as unknown[]).length).toBe(3);
    const effects = await prisma().effect.findMany({ where: { subject: `transaction:${flow.reference}` } });
    expect(effects).toHaveLength(3);
    expect(effects.filter((effect) => (effect.detail as { to?: string }).to === "paid" && (effect.detail as { from?: string }).from === "pending")).toHaveLength(1);

    const entitlements = await apiGet(`/api/v1/customers/${flow.customer}/entitlements`, books.operator);
    expect(entitlements.body.entitlements).toEqual([expect.objectContaining({ source: "payment", id: flow.reference })]);
  });

  it("records declined attempts with their decline code, then a later success", async () => {
    const books = await booksFixture();
    const flow = newPaymentFlow();
    await books.register(terms(flow));
    await books.send(failedPaymentEvents(flow, "insufficient_funds"));
    await books.settle();
    await books.settle();
    expect((await apiGet(`/api/v1/transactions/${flow.reference}`, books.operator)).body).toMatchObject({ status: "failed", failedAttempts: 2, lastDeclineCode: "insufficient_funds" });
    await books.send([stripeEvent("payment_intent.succeeded", paymentIntent(flow, "succeeded"))]);
    await books.settle();
    expect((await apiGet(`/api/v1/transactions/${flow.reference}`, books.operator)).body).toMatchObject({ status: "paid", failedAttempts: 2 });
  });

  it("a refund and a dispute move the transaction on; an older event never moves it back", async () => {
    const books = await booksFixture();
    const flow = newPaymentFlow();
    await books.register(terms(flow));
    const t = Math.floor(Date.now() / 1000);
    const paid = stripeEvent("payment_intent.succeeded", paymentIntent(flow, "succeeded"), { created: t });
    const refunded = stripeEvent("charge.refunded", { ...charge(flow, "succeeded"), amount_refunded: flow.amount, refunded: true }, { created: t + 10 });
    await books.send([refunded, paid]); // out of order
    await books.settle();
    await books.settle();
    expect((await apiGet(`/api/v1/transactions/${flow.reference}`, books.operator)).body).toMatchObject({ status: "refunded", amountRefunded: flow.amount });
  });

  it("a payment of an invoice is subscription billing: it waits for its invoice, is checked against it, and is never quarantined for lacking a reference", async () => {
    const books = await booksFixture();
    const { invoice, invoicePaid, invoicePayment } = invoiceBilling();
    const payment = stripeEvent("payment_intent.succeeded", invoicePayment());
    await books.send([payment]); // Stripe often sends the payment before invoice.paid
    await books.settle();
    expect(await books.statusOf(payment.id)).toBe("awaiting_link");
    await books.send([invoicePaid]);
    await books.settle();
    expect(await books.statusOf(payment.id)).toBe("processed");
    const effect = await prisma().effect.findFirstOrThrow({ where: { eventId: await books.ledgerIdOf(payment.id) } });
    expect(effect).toMatchObject({ kind: "invoice_payment", subject: `invoice:${invoice.id}`, detail: { checked: true } });
  });

  it("a payment whose customer, currency or amount differs from its invoice is quarantined with the evidence", async () => {
    const books = await booksFixture();
    const { invoice, invoicePaid, invoicePayment } = invoiceBilling();
    const stranger = stripeEvent("payment_intent.succeeded", invoicePayment({ customer: "cus_someone_else", amount: 999 }));
    await books.send([invoicePaid, stranger]);
    await books.settle();
    expect(await books.statusOf(stranger.id)).toBe("quarantined");
    const item = await prisma().quarantineItem.findUniqueOrThrow({ where: { eventId: await books.ledgerIdOf(stranger.id) } });
    expect(item.reason).toBe("customer_mismatch");
    expect(item.evidence).toEqual([
      { field: "invoice", expected: invoice.id, received: invoice.id },
      { field: "customer", expected: invoice.customer, received: "cus_someone_else" },
      { field: "amount", expected: 2000, received: 999 },
    ]);
  });

  it("an invoice that bills another customer than its subscription's is quarantined", async () => {
    const books = await booksFixture();
    const [created, invoicePaid] = subscriptionLifecycleEvents();
    const forged = { ...invoicePaid!, id: stripeId("evt"), data: { object: { ...invoicePaid!.data.object, customer: "cus_forged" } } };
    await books.send([created!]);
    await books.settle();
    await books.send([forged]);
    await books.settle();
    expect(await books.statusOf(forged.id)).toBe("quarantined");
    expect((await prisma().quarantineItem.findUniqueOrThrow({ where: { eventId: await books.ledgerIdOf(forged.id) } })).reason).toBe("customer_mismatch");
  });

  it("a payment whose invoice never arrives is recorded, unchecked, once the wait is over", async () => {
    const books = await booksFixture();
    const { invoicePayment } = invoiceBilling();
    const payment = stripeEvent("payment_intent.succeeded", invoicePayment());
    await books.send([payment]);
    await books.settle();
    const ledgerId = await books.ledgerIdOf(payment.id);
    await prisma().stripeEvent.update({ where: { id: ledgerId }, data: { linkDeadline: new Date(Date.now() - 1_000) } }); // the wait is over
    await sweepLedger();
    await books.settle();
    expect(await books.statusOf(payment.id)).toBe("processed");
    expect((await prisma().effect.findFirstOrThrow({ where: { eventId: ledgerId } })).detail).toMatchObject({ checked: false });
  });
});

describe("subscriptions, disputes and entitlements", () => {
  it("mirrors a subscription, entitles its customer while active, and not after cancellation", async () => {
    const books = await booksFixture();
    const customer = stripeId("cus");
    const [created, paid, activated, upgraded, deleted] = subscriptionLifecycleEvents(customer);
    await books.send([created!, paid!, activated!, upgraded!]);
    await books.settle();
    const subscriptionId = created!.data.object.id;
    const mirror = await apiGet(`/api/v1/subscriptions/${subscriptionId}`, books.operator);
    expect(mirror.body).toMatchObject({ id: subscriptionId, customer, status: "active", price: "price_pro", quantity: 1, cancelAtPeriodEnd: false });
    expect(mirror.body.invoices).toEqual([expect.objectContaining({ status: "paid", amountPaid: 2000 })]);
    expect((await apiGet(`/api/v1/customers/${customer}/entitlements`, books.operator)).body.entitlements).toEqual([
      expect.objectContaining({ source: "subscription", id: subscriptionId, price: "price_pro", status: "active" }),
    ]);

    await books.send([deleted!]);
    await books.settle();
    expect((await apiGet(`/api/v1/subscriptions/${subscriptionId}`, books.operator)).body).toMatchObject({ status: "canceled" });
    expect((await apiGet(`/api/v1/customers/${customer}/entitlements`, books.operator)).body.entitlements).toEqual([]);
    expect((await apiGet(`/api/v1/subscriptions/sub_unknown`, books.operator)).status).toBe(404);
  });

  it("a dispute makes a paid transaction disputed; a won dispute makes it paid again, whatever the order", async () => {
    const books = await booksFixture();
    const flow = newPaymentFlow();
    await books.register(terms(flow));
    const t = Math.floor(Date.now() / 1000);
    const dispute = (status: string) => ({ id: "dp_" + flow.charge.slice(3), object: "dispute", amount: flow.amount, currency: flow.currency, charge: flow.charge, payment_intent: flow.paymentIntent, reason: "fraudulent", status });
    await books.send([stripeEvent("payment_intent.succeeded", paymentIntent(flow, "succeeded"), { created: t })]);
    await books.settle();
    await books.send([stripeEvent("charge.dispute.created", dispute("needs_response"), { created: t + 5 })]);
    await books.settle();
    expect((await apiGet(`/api/v1/transactions/${flow.reference}`, books.operator)).body).toMatchObject({ status: "disputed", dispute: { status: "needs_response" } });
    expect((await apiGet(`/api/v1/customers/${flow.customer}/entitlements`, books.operator)).body.entitlements).toEqual([]);
    // closed arrives, then a late copy of an older "created": the dispute stays closed
    await books.send([stripeEvent("charge.dispute.closed", dispute("won"), { created: t + 50 }), stripeEvent("charge.dispute.created", dispute("needs_response"), { created: t + 5 })]);
    await books.settle();
    expect((await apiGet(`/api/v1/transactions/${flow.reference}`, books.operator)).body).toMatchObject({ status: "paid", dispute: { status: "won" } });
  });
});

describe("quarantine", () => {
  async function quarantined(books: Awaited<ReturnType<typeof booksFixture>>, eventId: string) {
    const ledgerId = await books.ledgerIdOf(eventId);
    return prisma().quarantineItem.findUnique({ where: { eventId: ledgerId } });
  }

  const cases: { reason: string; make: (flow: ReturnType<typeof newPaymentFlow>) => { register?: Record<string, unknown>; session: Record<string, unknown> }; field: string }[] = [
    { reason: "unknown_reference", make: () => ({ session: {} }), field: "reference" },
    { reason: "amount_mismatch", make: (flow) => ({ register: {}, session: { amount_total: flow.amount - 1 } }), field: "amount" },
    { reason: "currency_mismatch", make: () => ({ register: {}, session: { currency: "eur" } }), field: "currency" },
    { reason: "customer_mismatch", make: () => ({ register: {}, session: { customer: "cus_SomeoneElse" } }), field: "customer" },
    { reason: "expired_reference", make: () => ({ register: { expiresAt: new Date(Date.now() - 60_000).toISOString() }, session: {} }), field: "created" },
    { reason: "missing_reference", make: () => ({ session: { metadata: {}, client_reference_id: null } }), field: "reference" },
  ];

  for (const testCase of cases) {
    it(`quarantines ${testCase.reason} with the evidence side by side, and applies nothing`, async () => {
      const books = await booksFixture();
      const flow = newPaymentFlow();
      const { register, session } = testCase.make(flow);
      if (register) await books.register(terms(flow, register));
      const event = stripeEvent("checkout.session.completed", { ...checkoutSession(flow), ...session });
      await books.send([event]);
      await books.settle();
      expect(await books.statusOf(event.id)).toBe("quarantined");
      const item = await quarantined(books, event.id);
      expect(item).toMatchObject({ reason: testCase.reason, status: "open" });
      expect(item!.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ field: testCase.field, expected: expect.anything() })]));
      expect(await prisma().effect.count({ where: { eventId: item!.eventId } })).toBe(0);
      if (register) expect((await apiGet(`/api/v1/transactions/${flow.reference}`, books.operator)).body).toMatchObject({ status: "pending" });
    });
  }

  it("quarantines duplicate_payment: a second, different payment for a paid reference", async () => {
    const books = await booksFixture();
    const flow = newPaymentFlow();
    await books.register(terms(flow));
    await books.send([stripeEvent("checkout.session.completed", checkoutSession(flow))]);
    const second = newPaymentFlow({ reference: flow.reference, customer: flow.customer });
    const again = stripeEvent("checkout.session.completed", checkoutSession(second));
    await books.send([again]);
    await books.settle();
    const item = await quarantined(books, again.id);
    expect(item).toMatchObject({ reason: "duplicate_payment" });
    expect(item!.evidence).toEqual(expect.arrayContaining([{ field: "payment", expected: flow.paymentIntent, received: second.paymentIntent }]));
  });

  it("a charge that nothing links waits visibly in awaiting_link, then is quarantined as missing_reference", async () => {
    const books = await booksFixture();
    const flow = newPaymentFlow();
    const event = stripeEvent("charge.succeeded", charge(flow, "succeeded"));
    await books.send([event]);
    await books.settle();
    expect(await books.statusOf(event.id)).toBe("awaiting_link");
    const ledgerId = await books.ledgerIdOf(event.id);
    expect((await prisma().stripeEvent.findUniqueOrThrow({ where: { id: ledgerId } })).awaitingObjectId).toBe(flow.paymentIntent);
    await prisma().stripeEvent.update({ where: { id: ledgerId }, data: { linkDeadline: new Date(Date.now() - 1_000) } }); // the wait is over
    await sweepLedger();
    await books.settle();
    expect(await books.statusOf(event.id)).toBe("quarantined");
    expect(await quarantined(books, event.id)).toMatchObject({ reason: "missing_reference" });
  });

  it("an endpoint whose policy is allow applies an unreferenced payment", async () => {
    const books = await booksFixture();
    await prisma().endpoint.update({ where: { name: books.endpoint.name }, data: { noReferencePolicy: "allow" } });
    const event = stripeEvent("checkout.session.completed", { ...checkoutSession(newPaymentFlow()), metadata: {}, client_reference_id: null });
    await books.send([event]);
    await books.settle();
    expect(await books.statusOf(event.id)).toBe("processed");
  });

  it("release applies a quarantined event exactly once, recording who, when and why; reject closes one", async () => {
    const books = await booksFixture();
    const flow = newPaymentFlow();
    await books.register(terms(flow));
    const short = stripeEvent("checkout.session.completed", { ...checkoutSession(flow), amount_total: flow.amount - 100 });
    const other = stripeEvent("checkout.session.completed", { ...checkoutSession(newPaymentFlow()), metadata: { hookwarden_ref: "nobody" } });
    await books.send([short, other]);
    await books.settle();

    expect((await apiPost(`/api/v1/events/${short.id}/release`, books.operator, {})).status).toBe(422); // a reason is required
    const viewer = (await createApiKey({ name: "v", role: "viewer" }, cliContext)).key;
    expect((await apiPost(`/api/v1/events/${short.id}/release`, viewer, { reason: "customer paid the difference by wire" })).status).toBe(403);
    const released = await apiPost(`/api/v1/events/${short.id}/release`, books.operator, { reason: "customer paid the difference by wire" });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ outcome: "processed" });
    expect((await apiPost(`/api/v1/events/${short.id}/release`, books.operator, { reason: "again" })).status).toBe(409);
    await books.settle();

    expect((await apiGet(`/api/v1/transactions/${flow.reference}`, books.operator)).body).toMatchObject({ status: "paid" });
    const ledgerId = await books.ledgerIdOf(short.id);
    expect(await prisma().effect.count({ where: { eventId: ledgerId } })).toBe(1);
    expect(await prisma().quarantineItem.findUnique({ where: { eventId: ledgerId } })).toMatchObject({
      status: "released",
      decisionReason: "customer paid the difference by wire",
      decidedBy: expect.stringMatching(/^api_key:/),
    });

    const rejected = await apiPost(`/api/v1/events/${other.id}/reject`, books.operator, { reason: "not ours" });
    expect(rejected.status).toBe(200);
    expect(await books.statusOf(other.id)).toBe("quarantined");
    expect(await quarantined(books, other.id)).toMatchObject({ status: "rejected", decisionReason: "not ours" });
    expect((await apiPost(`/api/v1/events/${other.id}/release`, books.operator, { reason: "changed my mind" })).status).toBe(409);
  });
});

describe("replay and history", () => {
  it("replays an ignored event, refuses a processed one with 409, and keeps every status change with its reason", async () => {
    const books = await booksFixture();
    const flow = newPaymentFlow();
    await books.register(terms(flow));
    const [created, , completed] = checkoutPaymentEvents(flow);
    await books.send([created!, completed!]);
    await books.settle();
    expect((await apiPost(`/api/v1/events/${completed!.id}/replay`, books.operator)).status).toBe(409);
    const replayed = await apiPost(`/api/v1/events/${created!.id}/replay`, books.operator, { reason: "checking" });
    expect(replayed).toMatchObject({ status: 200, body: { outcome: "ignored" } });

    const history = await prisma().eventStatusChange.findMany({ where: { eventId: await books.ledgerIdOf(created!.id) }, orderBy: { id: "asc" } });
    expect(history.map((change) => change.toStatus)).toEqual(["queued", "processing", "ignored", "processing", "ignored"]);
    expect(history[3]).toMatchObject({ reason: "replayed by an operator: checking", actor: expect.stringMatching(/^api_key:/) });
  });

  it("a malformed object makes the event dead with its reason", async () => {
    const books = await booksFixture();
    const event = stripeEvent("checkout.session.completed", { id: "not_a_session", object: "checkout.session" });
    await books.send([event]);
    await books.settle();
    expect(await books.statusOf(event.id)).toBe("dead");
    const last = await prisma().eventStatusChange.findFirst({ where: { eventId: await books.ledgerIdOf(event.id) }, orderBy: { id: "desc" } });
    expect(last?.reason).toMatch(/^malformed event/);
  });
});

/** A subscription's first invoice and the payment intent that pays it (older API versions name the invoice on the payment). */
function invoiceBilling() {
  const [, invoicePaid] = subscriptionLifecycleEvents();
  const invoice = invoicePaid!.data.object as unknown as { id: string; customer: string };
  const invoicePayment = (extra: Record<string, unknown> = {}) => ({
    ...paymentIntent(newPaymentFlow(), "succeeded"),
    metadata: {},
    customer: invoice.customer,
    amount: 2000,
    currency: "usd",
    invoice: invoice.id,
    ...extra,
  });
  return { invoice, invoicePaid: invoicePaid!, invoicePayment };
}
