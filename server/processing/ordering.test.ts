import { afterAll, describe, expect, it } from "vitest";
import { charge, checkoutSession, newPaymentFlow, paymentIntent, stripeEvent, subscriptionLifecycleEvents, type StripeEventJson } from "../../cli/simulate/stripe-events";
import { stripeId } from "../../cli/simulate/stripe-ids";
import { booksFixture } from "../../tests/support/books";
import { disconnect, prisma } from "../db";
import { getTransactionOrThrow } from "../transactions/get-transaction-or-throw";
import { processLedgerEvent } from "./process-ledger-event";
import { recordWithoutEnqueue } from "../../tests/support/intake";

afterAll(() => disconnect());

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** A copy of a sequence with fresh ids everywhere (events, customer, objects), so many copies coexist. */
function cloneWithFreshIds(events: StripeEventJson[]): StripeEventJson[] {
  let text = JSON.stringify(events);
  const ids = new Set(text.match(/\b(evt|cus|sub|in|si|pi|ch|cs_test|order)_[A-Za-z0-9]+/g));
  for (const id of ids) text = text.split(id).join(stripeId(id.slice(0, id.lastIndexOf("_"))));
  return JSON.parse(text) as StripeEventJson[];
}

/** Seeded shuffle, so a failure can be reproduced. */
function shuffle<T>(items: T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe("out-of-order delivery converges to the in-order state", () => {
  it("a subscription created, paid, updated twice and cancelled: every one of the 120 orders ends like the in-order run", async () => {
    const books = await booksFixture();
    const template = subscriptionLifecycleEvents();
    const runs = permutations([0, 1, 2, 3, 4]).map((order) => {
      const events = cloneWithFreshIds(template);
      return { order, events, sent: order.map((i) => events[i]!) };
    });
    // Events of one customer are processed one at a time in the order received: the order of each run.
    await books.send(runs.flatMap((run) => run.sent));
    await books.settle();

    const stateOf = async (events: StripeEventJson[]) => {
      const subscriptionId = events[0]!.data.object.id;
      const mirror = await prisma().subscription.findUnique({ where: { id: subscriptionId } });
      if (!mirror) {
        const rows = await prisma().stripeEvent.findMany({ where: { stripeEventId: { in: events.map((e) => e.id) } }, select: { type: true, status: true, lastError: true } });
        throw new Error(`no mirror for ${subscriptionId}: ${JSON.stringify(rows)}`);
      }
      const invoices = await prisma().subscriptionInvoice.findMany({ where: { subscriptionId } });
      return {
        status: mirror.status,
        price: mirror.priceId,
        quantity: mirror.quantity,
        cancelAtPeriodEnd: mirror.cancelAtPeriodEnd,
        periodEndOffset: (mirror.currentPeriodEnd?.getTime() ?? 0) - events[0]!.created * 1000,
        invoices: invoices.map((invoice) => invoice.status),
        statuses: await Promise.all(events.map((event) => books.statusOf(event.id))),
      };
    };
    const inOrder = await stateOf(runs[0]!.events);
    expect(inOrder).toMatchObject({ status: "canceled", price: "price_pro", invoices: ["paid"] });
    expect(inOrder.statuses.every((status) => status === "processed")).toBe(true);
    for (const run of runs) expect({ order: run.order, ...(await stateOf(run.events)) }).toEqual({ order: run.order, ...inOrder });
  }, 120_000);

  it("a Checkout payment's seven events: every order of the three that change the books, with the others anywhere, and the exact reverse", async () => {
    const books = await booksFixture();
    const sequence = () => {
      const flow = newPaymentFlow();
      const t = Math.floor(Date.now() / 1000);
      return {
        flow,
        // Stripe's order for `stripe trigger checkout.session.completed`.
        events: [
          stripeEvent("payment_intent.created", paymentIntent(flow, "requires_payment_method"), { created: t }),
          stripeEvent("charge.updated", charge(flow, "succeeded"), { created: t }),
          stripeEvent("product.created", { id: stripeId("prod"), object: "product", name: "myproduct" }, { created: t }),
          stripeEvent("price.created", { id: stripeId("price"), object: "price", unit_amount: 1500, currency: "usd" }, { created: t }),
          stripeEvent("charge.succeeded", charge(flow, "succeeded"), { created: t + 1 }),
          stripeEvent("checkout.session.completed", checkoutSession(flow), { created: t + 1 }),
          stripeEvent("payment_intent.succeeded", paymentIntent(flow, "succeeded"), { created: t + 1 }),
        ],
      };
    };
    const effective = [4, 5, 6];
    const ignored = [0, 1, 2, 3];
    const orders = [
      [0, 1, 2, 3, 4, 5, 6],
      [6, 5, 4, 3, 2, 1, 0],
      ...permutations(effective).map((order, seed) => {
        // The books-changing events in this order, the ignored ones shuffled in between.
        const mixed = shuffle([...order, ...ignored], seed + 1);
        const slots = mixed.map((i) => (effective.includes(i) ? -1 : i));
        let next = 0;
        return slots.map((i) => (i === -1 ? order[next++]! : i));
      }),
    ];
    const runs: { order: number[]; flow: ReturnType<typeof newPaymentFlow>; events: StripeEventJson[] }[] = [];
    for (const order of orders) {
      const { flow, events } = sequence();
      await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
      runs.push({ order, flow, events });
      await books.send(order.map((i) => events[i]!));
    }
    await books.settle();

    const stateOf = async (run: (typeof runs)[number]) => {
      const transaction = await getTransactionOrThrow(run.flow.reference);
      return {
        status: transaction.status,
        paidByTheIntent: transaction.paidBy === run.flow.paymentIntent,
        links: transaction.linkedObjects.length,
        failedAttempts: transaction.failedAttempts,
        events: transaction.events.length,
        statuses: await Promise.all(run.events.map((event) => books.statusOf(event.id))),
      };
    };
    const inOrder = await stateOf(runs[0]!);
    expect(inOrder).toEqual({
      status: "paid",
      paidByTheIntent: true,
      links: 3,
      failedAttempts: 0,
      events: 3,
      statuses: ["ignored", "ignored", "ignored", "ignored", "processed", "processed", "processed"],
    });
    for (const run of runs) expect({ order: run.order, ...(await stateOf(run)) }).toEqual({ order: run.order, ...inOrder });
  }, 120_000);

  it("two declined attempts and a success: every order keeps the latest decline code and counts both", async () => {
    const books = await booksFixture();
    const runs = [];
    for (const order of permutations([0, 1, 2])) {
      const flow = newPaymentFlow();
      const t = Math.floor(Date.now() / 1000);
      const failure = (code: string) => ({ code: "card_declined", decline_code: code });
      const events = [
        stripeEvent("payment_intent.payment_failed", paymentIntent(flow, "requires_payment_method", failure("insufficient_funds")), { created: t }),
        stripeEvent("payment_intent.payment_failed", paymentIntent(flow, "requires_payment_method", failure("do_not_honor")), { created: t + 30 }),
        stripeEvent("payment_intent.succeeded", paymentIntent(flow, "succeeded"), { created: t + 60 }),
      ];
      await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
      await books.send(order.map((i) => events[i]!));
      runs.push({ order, flow });
    }
    await books.settle();
    for (const run of runs) {
      const transaction = await getTransactionOrThrow(run.flow.reference);
      expect({ order: run.order, status: transaction.status, failedAttempts: transaction.failedAttempts, lastDeclineCode: transaction.lastDeclineCode }).toEqual({
        order: run.order,
        status: "paid",
        failedAttempts: 2,
        lastDeclineCode: "do_not_honor",
      });
    }
  });

  it("an event that waits for a link is never forgotten: a dispute and the payment that links its charge, processed at the same moment", async () => {
    const books = await booksFixture();
    for (let i = 0; i < 40; i++) {
      const flow = newPaymentFlow();
      await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency });
      const dispute = { id: `dp_${flow.charge.slice(3)}`, object: "dispute", amount: flow.amount, currency: flow.currency, charge: flow.charge, payment_intent: flow.paymentIntent, status: "needs_response" };
      const payment = await recordWithoutEnqueue(stripeEvent("payment_intent.succeeded", paymentIntent(flow, "succeeded")), books.endpoint.name);
      const disputed = await recordWithoutEnqueue(stripeEvent("charge.dispute.created", dispute), books.endpoint.name);
      await Promise.all([processLedgerEvent(payment.eventId), processLedgerEvent(disputed.eventId)]);
      const row = await prisma().stripeEvent.findUniqueOrThrow({ where: { id: disputed.eventId } });
      const linked = row.awaitingObjectId ? await prisma().transactionLink.findUnique({ where: { objectId: row.awaitingObjectId } }) : null;
      expect({ pair: i, waitingForAnExistingLink: row.status === "awaiting_link" && linked !== null }).toEqual({ pair: i, waitingForAnExistingLink: false });
    }
  });
});
