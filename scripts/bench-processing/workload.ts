/**
 * The benchmark's workload, generated from a seed: the same seed gives the same
 * events (ids, times, amounts), the same duplicates and the same orders.
 *
 * Units of work, each with its own Stripe `created` times:
 * - checkout: a paid Checkout payment (payment intent created, charge, session, success),
 *   sometimes refunded (partially or fully, once or twice) or disputed (created, closed);
 * - failed then paid: one or two declined attempts, then a successful charge;
 * - failed: declined attempts only (the customer gave up);
 * - subscription: created, invoice created/finalized (ignored), invoice paid (sometimes
 *   after a failed attempt), activated, and possibly upgraded, quantity changed,
 *   set to cancel at period end, deleted;
 * - unrelated: event types Hookwarden has no handler for (ignored);
 * - unregistered: a payment whose reference nobody registered (quarantined).
 * Customers repeat (30% of units reuse an earlier customer), so one concurrency key
 * often carries several units.
 */
import { charge, checkoutSession, paymentIntent, stripeEvent, type PaymentFlow, type StripeEventJson, type StripeObject } from "../../cli/simulate/stripe-events";
import { mulberry32 } from "../../server/gatekeeper/models/mulberry32";

export type Delivery = { event: number; attempt: number };

export type TransactionTerms = { reference: string; amount: number; currency: string; customer?: string };

export type Workload = {
  seed: number;
  /** In generation order (Stripe's emission order within a unit). */
  events: StripeEventJson[];
  transactions: TransactionTerms[];
  /** Every delivery (first deliveries and duplicates), fully shuffled: the throughput phase's order. */
  shuffled: Delivery[];
  /** Every delivery by arrival time (each unit's events in a few seconds, slightly out of order; retries later): the latency phase's order. */
  arrival: Delivery[];
  /** Event indexes by Stripe `created`, then emission order: the serial reference's order. */
  inOrder: number[];
  units: Record<string, number>;
  duplicates: number;
};

/** 2026-01-01T00:00:00Z: a fixed clock, so the payloads do not depend on when the benchmark runs. */
const BASE_SECONDS = 1_767_225_600;
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

class Seeded {
  readonly random: () => number;
  constructor(seed: number) {
    this.random = mulberry32(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }
  id(prefix: string): string {
    let suffix = "1";
    for (let i = 0; i < 23; i++) suffix += ALPHABET[Math.floor(this.random() * ALPHABET.length)];
    return `${prefix}_${suffix}`;
  }
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.random() * 16).toString(16)).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
  /** Exponentially distributed, with this mean, capped. */
  exponential(mean: number, cap: number): number {
    return Math.min(cap, -Math.log(1 - this.random()) * mean);
  }
}

const UNIT_WEIGHTS = [
  ["checkout", 0.42],
  ["failed_then_paid", 0.08],
  ["failed", 0.06],
  ["subscription", 0.24],
  ["unrelated", 0.19],
  ["unregistered", 0.01],
] as const;
type UnitKind = (typeof UNIT_WEIGHTS)[number][0];

const DECLINES = ["insufficient_funds", "generic_decline", "do_not_honor", "expired_card", "lost_card"];

type Emitted = { event: StripeEventJson; arrivalMs: number };

export function generateWorkload(options: { deliveries: number; rate: number; seed: number; duplicateShare?: number }): Workload {
  const rng = new Seeded(options.seed);
  const duplicateTarget = Math.round(options.deliveries * (options.duplicateShare ?? 0.05));
  const eventTarget = options.deliveries - duplicateTarget;
  const emitted: Emitted[] = [];
  const transactions: TransactionTerms[] = [];
  const customers: string[] = [];
  const units: Record<string, number> = {};

  /** Wraps an object in an event with seeded ids and an explicit `created`. */
  const emit = (unitStartMs: number, offsetSeconds: number, type: string, object: StripeObject, previous?: Record<string, unknown>) => {
    const created = BASE_SECONDS + Math.floor(unitStartMs / 1000) + offsetSeconds;
    const event = stripeEvent(type, object, { created, previous });
    event.id = rng.id("evt");
    event.request = { id: rng.id("req"), idempotency_key: rng.uuid() };
    // Stripe sends a unit's events within seconds, not necessarily in order.
    const arrivalMs = unitStartMs + offsetSeconds * 1000 + rng.exponential(400, 4_000);
    emitted.push({ event, arrivalMs });
  };
  const customer = () => {
    if (customers.length > 0 && rng.chance(0.3)) return rng.pick(customers);
    const id = rng.id("cus");
    customers.push(id);
    return id;
  };
  const newFlow = (registered: boolean): PaymentFlow => {
    const flow: PaymentFlow = {
      reference: `order_${rng.id("x").slice(4, 16)}`,
      amount: rng.int(5, 500) * 100,
      currency: rng.chance(0.8) ? "usd" : "eur",
      customer: customer(),
      email: "jenny.rosen@example.com",
      paymentIntent: rng.id("pi"),
      charge: rng.id("ch"),
      session: rng.id("cs_test"),
    };
    if (registered) {
      transactions.push({ reference: flow.reference, amount: flow.amount, currency: flow.currency, ...(rng.chance(0.5) ? { customer: flow.customer } : {}) });
    }
    return flow;
  };
  const piObject = (flow: PaymentFlow, status: "requires_payment_method" | "succeeded", created: number, failure?: { code: string; decline_code: string }) => ({
    ...paymentIntent(flow, status, failure),
    created,
    payment_method: `pm_${flow.paymentIntent.slice(3)}`,
  });
  const chargeObject = (flow: PaymentFlow, status: "succeeded" | "failed", created: number, failure?: { code: string; decline_code: string }) => ({
    ...charge(flow, status, failure),
    created,
  });

  const declinedAttempt = (start: number, at: number, flow: PaymentFlow) => {
    const failure = { code: "card_declined", decline_code: rng.pick(DECLINES) };
    const attempt = { ...flow, charge: rng.id("ch") };
    const t = BASE_SECONDS + Math.floor(start / 1000) + at;
    emit(start, at, "charge.failed", chargeObject(attempt, "failed", t, failure));
    emit(start, at, "payment_intent.payment_failed", piObject(attempt, "requires_payment_method", t, failure));
  };

  const paidCheckout = (start: number, at: number, flow: PaymentFlow) => {
    const t = BASE_SECONDS + Math.floor(start / 1000) + at;
    emit(start, at, "charge.succeeded", chargeObject(flow, "succeeded", t));
    emit(start, at, "checkout.session.completed", { ...checkoutSession(flow), created: t - 30 });
    emit(start, at, "payment_intent.succeeded", piObject(flow, "succeeded", t));
  };

  /** Refunds or a dispute, some time after the payment (made `paidAt` seconds into the unit). */
  const afterPayment = (start: number, paidAt: number, flow: PaymentFlow) => {
    const t0 = BASE_SECONDS + Math.floor(start / 1000) + paidAt;
    if (rng.chance(0.15)) {
      const full = rng.chance(0.6);
      const first = full ? flow.amount : Math.max(100, Math.floor(flow.amount / 2 / 100) * 100);
      const at = paidAt + rng.int(60, 300);
      emit(start, at, "charge.refunded", { ...chargeObject(flow, "succeeded", t0), amount_refunded: first, refunded: first === flow.amount });
      if (!full && rng.chance(0.3)) {
        emit(start, at + rng.int(30, 120), "charge.refunded", { ...chargeObject(flow, "succeeded", t0), amount_refunded: flow.amount, refunded: true });
      }
    } else if (rng.chance(0.04)) {
      const dispute = (status: string): StripeObject => ({
        id: `dp_${flow.charge.slice(3)}`,
        object: "dispute",
        amount: flow.amount,
        currency: flow.currency,
        charge: flow.charge,
        payment_intent: flow.paymentIntent,
        created: t0 + 400,
        livemode: false,
        metadata: {},
        reason: "fraudulent",
        status,
      });
      emit(start, paidAt + 400, "charge.dispute.created", dispute("needs_response"));
      emit(start, paidAt + 400 + rng.int(200, 900), "charge.dispute.closed", dispute(rng.chance(0.5) ? "won" : "lost"));
    }
  };

  const subscriptionUnit = (start: number) => {
    const cus = customer();
    const subscriptionId = rng.id("sub");
    const invoiceId = rng.id("in");
    const itemId = rng.id("si");
    const t = BASE_SECONDS + Math.floor(start / 1000);
    let price = "price_basic";
    let quantity = 1;
    let cancelAtPeriodEnd = false;
    const subscription = (status: string, extra: Record<string, unknown> = {}): StripeObject => ({
      id: subscriptionId,
      object: "subscription",
      customer: cus,
      created: t,
      currency: "usd",
      current_period_start: t,
      current_period_end: t + 30 * 86_400,
      cancel_at_period_end: cancelAtPeriodEnd,
      items: { object: "list", data: [{ id: itemId, object: "subscription_item", price: { id: price, object: "price", unit_amount: 2000, currency: "usd", recurring: { interval: "month" } }, quantity }] },
      latest_invoice: invoiceId,
      livemode: false,
      metadata: {},
      status,
      ...extra,
    });
    const invoice = (status: string): StripeObject => ({
      id: invoiceId,
      object: "invoice",
      amount_due: 2000,
      amount_paid: status === "paid" ? 2000 : 0,
      amount_remaining: status === "paid" ? 0 : 2000,
      billing_reason: "subscription_create",
      created: t,
      currency: "usd",
      customer: cus,
      customer_email: "jenny.rosen@example.com",
      livemode: false,
      parent: { type: "subscription_details", subscription_details: { subscription: subscriptionId } },
      status,
      total: 2000,
    });
    emit(start, 0, "customer.subscription.created", subscription("incomplete"));
    emit(start, 0, "invoice.created", invoice("draft"));
    emit(start, 0, "invoice.finalized", invoice("open"));
    let at = 1;
    if (rng.chance(0.1)) {
      emit(start, at, "invoice.payment_failed", invoice("open"));
      at += rng.int(20, 60);
    }
    emit(start, at, "invoice.paid", invoice("paid"));
    emit(start, at, "customer.subscription.updated", subscription("active"), { status: "incomplete" });
    if (rng.chance(0.4)) {
      at += rng.int(30, 90);
      price = "price_pro";
      emit(start, at, "customer.subscription.updated", subscription("active"), { items: {} });
    }
    if (rng.chance(0.2)) {
      at += rng.int(30, 90);
      quantity = rng.int(2, 5);
      emit(start, at, "customer.subscription.updated", subscription("active"), { items: {} });
    }
    if (rng.chance(0.25)) {
      at += rng.int(30, 90);
      cancelAtPeriodEnd = true;
      emit(start, at, "customer.subscription.updated", subscription("active"), { cancel_at_period_end: false });
    }
    if (rng.chance(0.2)) {
      at += rng.int(30, 90);
      emit(start, at, "customer.subscription.deleted", subscription("canceled", { canceled_at: t + at, ended_at: t + at }));
    }
  };

  const unrelatedUnit = (start: number) => {
    const cus = customer();
    const kinds: [string, () => StripeObject][] = [
      ["customer.created", () => ({ id: cus, object: "customer", email: "jenny.rosen@example.com", livemode: false })],
      ["customer.updated", () => ({ id: cus, object: "customer", email: "jenny.rosen@example.com", livemode: false })],
      ["payment_method.attached", () => ({ id: rng.id("pm"), object: "payment_method", customer: cus, type: "card", livemode: false })],
      ["product.updated", () => ({ id: rng.id("prod"), object: "product", name: "Pro plan", active: true, livemode: false })],
      // A balance has no id: the event is its own concurrency key.
      ["balance.available", () => ({ object: "balance", available: [{ amount: rng.int(1, 10_000) * 100, currency: "usd" }], livemode: false }) as unknown as StripeObject],
    ];
    const count = rng.chance(0.5) ? 1 : 2;
    for (let i = 0; i < count; i++) {
      const [type, object] = rng.pick(kinds);
      emit(start, i, type, object());
    }
  };

  while (emitted.length < eventTarget) {
    // Units start at the pace of the latency phase's arrival rate.
    const start = (emitted.length / options.rate) * 1000;
    const kind = pickUnit(rng);
    units[kind] = (units[kind] ?? 0) + 1;
    switch (kind) {
      case "checkout": {
        const flow = newFlow(true);
        const t = BASE_SECONDS + Math.floor(start / 1000);
        emit(start, 0, "payment_intent.created", piObject(flow, "requires_payment_method", t));
        paidCheckout(start, 1, flow);
        afterPayment(start, 1, flow);
        break;
      }
      case "failed_then_paid":
      case "failed": {
        const flow = newFlow(true);
        const t = BASE_SECONDS + Math.floor(start / 1000);
        emit(start, 0, "payment_intent.created", piObject(flow, "requires_payment_method", t));
        declinedAttempt(start, 1, flow);
        if (rng.chance(0.3)) declinedAttempt(start, rng.int(10, 30), flow);
        if (kind === "failed_then_paid") {
          const paidAt = rng.int(40, 90);
          paidCheckout(start, paidAt, flow);
          afterPayment(start, paidAt, flow);
        }
        break;
      }
      case "subscription":
        subscriptionUnit(start);
        break;
      case "unrelated":
        unrelatedUnit(start);
        break;
      case "unregistered": {
        const flow = newFlow(false);
        emit(start, 1, "payment_intent.succeeded", piObject(flow, "succeeded", BASE_SECONDS + Math.floor(start / 1000) + 1));
        break;
      }
    }
  }

  const events = emitted.map((item) => item.event);
  // Duplicates: distinct events delivered a second time (a Stripe retry: same event, new `t`).
  const duplicates = Math.max(0, options.deliveries - events.length);
  const candidates = rng.shuffle(events.map((_, index) => index)).slice(0, duplicates);
  const all: Delivery[] = [...events.map((_, event) => ({ event, attempt: 0 })), ...candidates.map((event) => ({ event, attempt: 1 }))];
  const arrivalOf = (delivery: Delivery) => emitted[delivery.event]!.arrivalMs + (delivery.attempt === 0 ? 0 : 500 + rng.random() * 20_000);
  const timed = all.map((delivery) => ({ delivery, at: arrivalOf(delivery) }));
  const arrival = timed.sort((a, b) => a.at - b.at || a.delivery.event - b.delivery.event || a.delivery.attempt - b.delivery.attempt).map((item) => item.delivery);
  const shuffled = rng.shuffle([...all]);
  const inOrder = events.map((_, index) => index).sort((a, b) => events[a]!.created - events[b]!.created || a - b);
  return { seed: options.seed, events, transactions, shuffled, arrival, inOrder, units, duplicates };
}

function pickUnit(rng: Seeded): UnitKind {
  let roll = rng.random();
  for (const [kind, weight] of UNIT_WEIGHTS) {
    if (roll < weight) return kind;
    roll -= weight;
  }
  return "checkout";
}

/** A rough category of an event type, for the workload's description. */
export function categoryOf(type: string): "payment" | "subscription" | "unhandled" {
  if (/^(charge|payment_intent|checkout\.session)\./.test(type) && type !== "payment_intent.created") return "payment";
  if (/^(customer\.subscription|invoice\.(paid|payment_failed))/.test(type)) return "subscription";
  return "unhandled";
}
