import { afterAll, describe, expect, it } from "vitest";
import { checkoutPaymentEvents, newPaymentFlow, stripeEvent, subscriptionLifecycleEvents, type StripeEventJson } from "../../cli/simulate/stripe-events";
import { stripeId } from "../../cli/simulate/stripe-ids";
import { booksFixture } from "../../tests/support/books";
import { deliver, endpointWithSecret, signedDelivery } from "../../tests/support/intake";
import { settleEvents } from "../../tests/support/settle";
import { disconnect, prisma } from "../db";
import { AppError } from "../errors";
import { searchEvents, type EventSearch, type EventSearchRow } from "./search-events";

afterAll(() => disconnect());

async function send(endpoint: { name: string; secret: string }, events: StripeEventJson[]): Promise<void> {
  for (const event of events) {
    const answer = await deliver(signedDelivery(event, endpoint.name, endpoint.secret));
    if (answer.status !== 200) throw new Error(`delivery refused: ${answer.status}`);
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Follows nextCursor to the end and returns every row, page by page. */
async function allPages(query: EventSearch): Promise<EventSearchRow[][]> {
  const pages: EventSearchRow[][] = [];
  let cursor: string | undefined;
  do {
    const result = await searchEvents({ ...query, cursor });
    pages.push(result.data);
    cursor = result.nextCursor ?? undefined;
  } while (cursor && pages.length < 100);
  return pages;
}

/** The ledger's own order for these events, read back independently: newest first receipt, then id. */
async function newestFirst(endpoint: string): Promise<string[]> {
  const rows = await prisma().stripeEvent.findMany({ where: { endpoint: { name: endpoint } }, orderBy: [{ firstReceivedAt: "desc" }, { id: "desc" }], select: { stripeEventId: true } });
  return rows.map((row) => row.stripeEventId);
}

function invalidFields(error: unknown): Record<string, string> {
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("invalid_request");
  return (error as AppError).fields ?? {};
}

describe("searchEvents", () => {
  it("lists newest first in keyset pages that neither repeat nor skip an event", async () => {
    const endpoint = await endpointWithSecret();
    await send(endpoint, Array.from({ length: 7 }, () => stripeEvent("customer.updated", { id: stripeId("cus"), object: "customer" })));

    const pages = await allPages({ endpoint: endpoint.name, limit: 3 });
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat().map((row) => row.stripeEventId)).toEqual(await newestFirst(endpoint.name));
  });

  it("shows each event's endpoint, customer, object, deliveries and amount", async () => {
    const endpoint = await endpointWithSecret();
    const flow = newPaymentFlow({ amount: 4250, currency: "eur" });
    const [created] = checkoutPaymentEvents(flow);
    const delivery = signedDelivery(created!, endpoint.name, endpoint.secret);
    await deliver(delivery);
    await deliver(signedDelivery(created!, endpoint.name, endpoint.secret, Math.floor(Date.now() / 1000) + 1)); // Stripe's retry
    await send(endpoint, [stripeEvent("customer.subscription.created", { id: stripeId("sub"), object: "subscription", customer: flow.customer })]);

    const { data } = await searchEvents({ endpoint: endpoint.name });
    const payment = data.find((row) => row.stripeEventId === created!.id);
    expect(payment).toMatchObject({
      type: "payment_intent.created",
      endpoint: endpoint.name,
      customerId: flow.customer,
      objectId: flow.paymentIntent,
      livemode: false,
      deliveryCount: 2,
      amount: 4250,
      currency: "eur",
    });
    expect(payment!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(data.find((row) => row.type === "customer.subscription.created")).toMatchObject({ amount: null, currency: null, deliveryCount: 1 });
  });

  it("reads the search box: an event id, an object id, a customer id, a type pattern", async () => {
    const endpoint = await endpointWithSecret();
    const flow = newPaymentFlow();
    const payment = checkoutPaymentEvents(flow);
    const subscription = subscriptionLifecycleEvents(flow.customer);
    await send(endpoint, [...payment, ...subscription]);
    const ids = (rows: EventSearchRow[]) => rows.map((row) => row.stripeEventId).sort();
    const eventIds = (sent: StripeEventJson[]) => sent.map((event) => event.id).sort();

    const byEvent = await searchEvents({ q: payment[1]!.id });
    expect(byEvent.interpretedAs).toEqual({ kind: "event_id", value: payment[1]!.id });
    expect(ids(byEvent.data)).toEqual([payment[1]!.id]);

    const byObject = await searchEvents({ q: flow.paymentIntent });
    expect(byObject.interpretedAs?.kind).toBe("object_id");
    expect(ids(byObject.data)).toEqual(eventIds(payment.filter((event) => event.data.object.id === flow.paymentIntent)));

    const byCustomer = await searchEvents({ q: flow.customer });
    expect(byCustomer.interpretedAs?.kind).toBe("customer_id");
    expect(ids(byCustomer.data)).toEqual(eventIds([...payment, ...subscription].filter((event) => event.data.object.customer === flow.customer)));

    const succeeded = await searchEvents({ q: "*.succeeded", endpoint: endpoint.name });
    expect(succeeded.interpretedAs).toEqual({ kind: "type", value: "*.succeeded" });
    expect(ids(succeeded.data)).toEqual(eventIds(payment.filter((event) => event.type.endsWith(".succeeded"))));
    expect(succeeded.data.map((row) => row.type).sort()).toEqual(["charge.succeeded", "payment_intent.succeeded"]);

    const invoices = await searchEvents({ type: "invoice.*", endpoint: endpoint.name });
    expect(ids(invoices.data)).toEqual(eventIds(subscription.filter((event) => event.type.startsWith("invoice."))));
    expect(invoices.data.length).toBeGreaterThan(0);

    const exact = await searchEvents({ q: "charge.succeeded", endpoint: endpoint.name });
    expect(exact.interpretedAs).toEqual({ kind: "type", value: "charge.succeeded" });
    expect(exact.data.map((row) => row.type)).toEqual(["charge.succeeded"]);
    // A pattern in the box and the type filter must both hold.
    expect((await searchEvents({ q: "payment_intent.*", type: "*.succeeded", endpoint: endpoint.name })).data.map((row) => row.type)).toEqual(["payment_intent.succeeded"]);
    expect((await searchEvents({ q: "payment_intent.*", type: "charge.succeeded", endpoint: endpoint.name })).data).toEqual([]);
    // `_` in a pattern is a letter, not LIKE's any-character.
    await send(endpoint, [stripeEvent("paymentxintent.created", { id: stripeId("obj"), object: "thing" })]);
    expect((await searchEvents({ type: "payment_intent*", endpoint: endpoint.name })).data.map((row) => row.type).sort()).toEqual(["payment_intent.created", "payment_intent.succeeded"]);
  });

  it("finds every event that touched a registered payment by its reference, applied, quarantined or linked", async () => {
    const books = await booksFixture();
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    const events = checkoutPaymentEvents(flow);
    const refund = stripeEvent("charge.refunded", { id: flow.charge, object: "charge", amount: flow.amount, amount_refunded: flow.amount, currency: flow.currency, customer: flow.customer, payment_intent: flow.paymentIntent, metadata: {}, refunded: true });
    const other = checkoutPaymentEvents(newPaymentFlow({ customer: flow.customer }));
    await books.send([...events, refund, ...other]);
    await settleEvents(books.endpoint.name, [...events, refund, ...other].map((event) => event.id));

    const found = await searchEvents({ q: flow.reference });
    expect(found.interpretedAs).toEqual({ kind: "reference", value: flow.reference });
    // payment_intent.created had no effect, but its payment intent is linked to the payment.
    expect(found.data.map((row) => row.stripeEventId).sort()).toEqual([...events, refund].map((event) => event.id).sort());
    expect(found.data.map((row) => row.receivedAt)).toEqual([...found.data.map((row) => row.receivedAt)].sort().reverse());
    // Filters still apply.
    expect((await searchEvents({ q: flow.reference, status: ["ignored"] })).data.map((row) => row.stripeEventId)).toEqual([events[0]!.id]);
  });

  it("filters by several statuses, by livemode, by endpoint and by a time range", async () => {
    const endpoint = await endpointWithSecret();
    const other = await endpointWithSecret();
    const flow = newPaymentFlow();
    const early = [stripeEvent("customer.updated", { id: flow.customer, object: "customer" }), ...checkoutPaymentEvents(flow)];
    const live = { ...stripeEvent("product.created", { id: stripeId("prod"), object: "product" }), livemode: true };
    await send(endpoint, early);
    await pause(5);
    const middle = new Date();
    await pause(5);
    await send(endpoint, [live]);
    await send(other, [stripeEvent("customer.updated", { id: flow.customer, object: "customer" })]);
    await settleEvents(endpoint.name, [...early, live].map((event) => event.id));
    const statuses = Object.fromEntries((await prisma().stripeEvent.findMany({ where: { endpoint: { name: endpoint.name } } })).map((row) => [row.stripeEventId, row.status]));
    const ids = (rows: EventSearchRow[]) => rows.map((row) => row.stripeEventId).sort();

    const ignoredOrQuarantined = await searchEvents({ endpoint: endpoint.name, status: ["ignored", "quarantined"] });
    expect(ids(ignoredOrQuarantined.data)).toEqual(Object.keys(statuses).filter((id) => ["ignored", "quarantined"].includes(statuses[id]!)).sort());
    expect(ignoredOrQuarantined.data.length).toBeGreaterThanOrEqual(3); // customer.updated, payment_intent.created, product.created: no handler
    expect(ids((await searchEvents({ endpoint: endpoint.name, status: "quarantined,ignored" })).data)).toEqual(ids(ignoredOrQuarantined.data));

    expect(ids((await searchEvents({ endpoint: endpoint.name, livemode: true })).data)).toEqual([live.id]);
    expect(ids((await searchEvents({ endpoint: endpoint.name, livemode: "false" })).data)).toEqual(early.map((event) => event.id).sort());
    expect(ids((await searchEvents({ endpoint: endpoint.name, from: middle.toISOString() })).data)).toEqual([live.id]);
    expect(ids((await searchEvents({ endpoint: endpoint.name, to: middle.toISOString() })).data)).toEqual(early.map((event) => event.id).sort());
    expect((await searchEvents({ q: flow.customer, endpoint: other.name })).data.map((row) => row.endpoint)).toEqual([other.name]);
    expect((await searchEvents({ endpoint: "no-such-endpoint" })).data).toEqual([]);
  });

  it("pages through several statuses or types exactly as one long page would", async () => {
    const endpoint = await endpointWithSecret();
    const events = Array.from({ length: 9 }, (_, i) =>
      stripeEvent(["customer.updated", "product.created", "price.updated"][i % 3]!, { id: stripeId("obj"), object: "thing" }),
    );
    await send(endpoint, events);
    await settleEvents(endpoint.name, events.map((event) => event.id)); // all ignored: no handler
    const expected = await newestFirst(endpoint.name);

    const byType = await allPages({ endpoint: endpoint.name, type: "*.*", limit: 2 });
    expect(byType.flat().map((row) => row.stripeEventId)).toEqual(expected);
    const everyStatus = await allPages({ endpoint: endpoint.name, status: ["dead", "ignored", "processed"], limit: 4 });
    expect(everyStatus.flat().map((row) => row.stripeEventId)).toEqual(expected);
    expect(everyStatus.map((page) => page.length)).toEqual([4, 4, 1]);
  });

  it("refuses bad input with a message per field", async () => {
    const fields = invalidFields(
      await searchEvents({ limit: 500, status: ["nope" as never], from: "yesterday", livemode: "maybe", type: "Invoice Paid", cursor: "garbage" }).catch((error: unknown) => error),
    );
    expect(Object.keys(fields).sort()).toEqual(["from", "limit", "livemode", "status.0", "type"].sort());
    expect(fields.limit).toMatch(/at most 100/);

    expect(invalidFields(await searchEvents({ cursor: "garbage" }).catch((error: unknown) => error))).toEqual({ cursor: "cursor is not one this console handed out" });
    expect(invalidFields(await searchEvents({ from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z" }).catch((error: unknown) => error))).toHaveProperty("to");
    expect(invalidFields(await searchEvents({ q: "in voice.*" }).catch((error: unknown) => error))).toHaveProperty("q");
  });
});
