/**
 * The event sequences of the detection scenarios, in the order Stripe emits them: a Checkout payment, a declined
 * card (sometimes paid with another card afterwards), a subscription's renewal invoice, a new subscription,
 * customer updates, refunds, and the attacks' card-testing and probing attempts. Objects come from the shared
 * fixtures (stripe-events.ts), with the fields detection looks at (card fingerprints, decline codes, invoices).
 * Normal payments carry no `hookwarden_ref`: a replay has no registered payments to match them with.
 */
import type { SeededRandom } from "../seeded-random";
import { charge, newPaymentFlow, paymentIntent, type PaymentFlow, type StripeObject } from "../stripe-events";
import { fixtureNow, stripeId } from "../stripe-ids";

/** One event of a flow: its type and object, `after` seconds after the flow began. */
export type FlowStep = { after: number; type: string; object: StripeObject; previous?: Record<string, unknown> };

export type Card = { paymentMethod: string; fingerprint: string; brand: string; last4: string; country: string; funding: string; expYear: number };
export type Customer = { id: string; email: string; name: string; card: Card };
export type SubscriptionRef = { id: string; customer: Customer; price: string; amount: number };
/** A declined attempt: Stripe's `code` and `decline_code`. */
export type Failure = { code: string; decline_code: string };

export const DECLINES: Record<"card_declined" | "incorrect_cvc" | "insufficient_funds" | "do_not_honor" | "expired_card", Failure> = {
  card_declined: { code: "card_declined", decline_code: "generic_decline" },
  incorrect_cvc: { code: "incorrect_cvc", decline_code: "incorrect_cvc" },
  insufficient_funds: { code: "card_declined", decline_code: "insufficient_funds" },
  do_not_honor: { code: "card_declined", decline_code: "do_not_honor" },
  expired_card: { code: "expired_card", decline_code: "expired_card" },
};

const FIRST_NAMES = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Niklaus", "Radia", "Tim"];
const LAST_NAMES = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton", "Wirth", "Perlman", "Berners"];
const BRANDS = [["visa", 6], ["mastercard", 3], ["amex", 1]] as const;
const COUNTRIES = [["US", 6], ["GB", 1], ["DE", 1], ["FR", 1], ["CA", 1]] as const;
/** Prices of the business's catalogue, in cents. */
export const PRICES = [900, 1500, 2500, 2900, 4900, 7900, 9900, 14900];
export const PLANS = [
  { price: "price_basic_monthly", amount: 1900 },
  { price: "price_pro_monthly", amount: 4900 },
  { price: "price_team_monthly", amount: 9900 },
];

const fingerprintOf = () => stripeId("x").slice(3, 19);

export function newCard(rng: SeededRandom): Card {
  return {
    paymentMethod: stripeId("pm"),
    fingerprint: fingerprintOf(),
    brand: rng.weighted(BRANDS),
    last4: String(rng.int(0, 9999)).padStart(4, "0"),
    country: rng.weighted(COUNTRIES),
    funding: rng.chance(0.7) ? "credit" : "debit",
    expYear: rng.int(2027, 2032),
  };
}

export function newCustomer(rng: SeededRandom): Customer {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  return { id: stripeId("cus"), email: `${first}.${last}${rng.int(1, 999)}@example.com`.toLowerCase(), name: `${first} ${last}`, card: newCard(rng) };
}

function flowFor(customer: Customer, amount: number): PaymentFlow {
  return newPaymentFlow({ amount, customer: customer.id, email: customer.email, reference: "" });
}

function intentObject(flow: PaymentFlow, status: "requires_payment_method" | "succeeded", card: Card, options: { failure?: Failure; invoice?: string } = {}): StripeObject {
  return {
    ...paymentIntent(flow, status, options.failure),
    metadata: {},
    payment_method: card.paymentMethod,
    receipt_email: flow.email,
    ...(options.invoice ? { invoice: options.invoice } : {}),
  };
}

function chargeObject(flow: PaymentFlow, status: "succeeded" | "failed", card: Card, name: string, options: { failure?: Failure; invoice?: string } = {}): StripeObject {
  const base = charge(flow, status, options.failure);
  return {
    ...base,
    billing_details: { email: flow.email, name, address: { country: card.country, postal_code: null } },
    metadata: {},
    payment_method: card.paymentMethod,
    payment_method_details: { type: "card", card: { brand: card.brand, country: card.country, exp_month: 8, exp_year: card.expYear, fingerprint: card.fingerprint, funding: card.funding, last4: card.last4 } },
    ...(options.invoice ? { invoice: options.invoice } : {}),
  };
}

function sessionObject(flow: PaymentFlow, customer: Customer): StripeObject {
  return {
    id: flow.session,
    object: "checkout.session",
    amount_subtotal: flow.amount,
    amount_total: flow.amount,
    client_reference_id: null,
    created: fixtureNow(),
    currency: flow.currency,
    customer: flow.customer,
    customer_details: { email: flow.email, name: customer.name },
    livemode: false,
    metadata: {},
    mode: "payment",
    payment_intent: flow.paymentIntent,
    payment_status: "paid",
    status: "complete",
  };
}

/** A paid Checkout session: payment intent created, charge, payment intent succeeded, session completed. */
export function checkoutPayment(rng: SeededRandom, customer: Customer, amount: number): FlowStep[] {
  const flow = flowFor(customer, amount);
  const paid = rng.int(5, 40);
  return [
    { after: 0, type: "payment_intent.created", object: intentObject(flow, "requires_payment_method", customer.card) },
    { after: paid, type: "charge.succeeded", object: chargeObject(flow, "succeeded", customer.card, customer.name) },
    { after: paid, type: "payment_intent.succeeded", object: intentObject(flow, "succeeded", customer.card) },
    { after: paid + 1, type: "checkout.session.completed", object: sessionObject(flow, customer) },
  ];
}

/** A declined card; in half the cases the customer pays with another card a minute or two later. */
export function declinedPayment(rng: SeededRandom, customer: Customer, amount: number): FlowStep[] {
  const flow = flowFor(customer, amount);
  const failure = DECLINES[rng.weighted([["card_declined", 4], ["insufficient_funds", 3], ["expired_card", 1], ["incorrect_cvc", 1], ["do_not_honor", 1]] as const)];
  const declined = rng.int(5, 40);
  const steps: FlowStep[] = [
    { after: 0, type: "payment_intent.created", object: intentObject(flow, "requires_payment_method", customer.card) },
    { after: declined, type: "charge.failed", object: chargeObject(flow, "failed", customer.card, customer.name, { failure }) },
    { after: declined, type: "payment_intent.payment_failed", object: intentObject(flow, "requires_payment_method", customer.card, { failure }) },
  ];
  if (rng.chance(0.5)) {
    const second = newCard(rng);
    const retried = { ...flow, charge: stripeId("ch") };
    const paid = declined + rng.int(45, 180);
    steps.push(
      { after: paid, type: "charge.succeeded", object: chargeObject(retried, "succeeded", second, customer.name) },
      { after: paid, type: "payment_intent.succeeded", object: intentObject(retried, "succeeded", second) },
      { after: paid + 1, type: "checkout.session.completed", object: sessionObject(retried, customer) },
    );
  }
  return steps;
}

function invoiceObject(subscription: SubscriptionRef, id: string, status: string, billingReason: string, paid: boolean, paymentIntentId?: string): StripeObject {
  return {
    id,
    object: "invoice",
    amount_due: subscription.amount,
    amount_paid: paid ? subscription.amount : 0,
    amount_remaining: paid ? 0 : subscription.amount,
    billing_reason: billingReason,
    created: fixtureNow(),
    currency: "usd",
    customer: subscription.customer.id,
    customer_email: subscription.customer.email,
    livemode: false,
    parent: { type: "subscription_details", subscription_details: { subscription: subscription.id } },
    ...(paymentIntentId ? { payment_intent: paymentIntentId } : {}),
    status,
    total: subscription.amount,
  };
}

/**
 * A subscription's invoice from creation to payment (4 `invoice.*` events, 3 when it fails): invoice created,
 * finalized, its payment intent and charge, then invoice paid and payment succeeded. `failed` declines the card.
 */
export function invoicePayment(rng: SeededRandom, subscription: SubscriptionRef, options: { failed?: boolean; billingReason?: string; finalizeAfter?: number } = {}): FlowStep[] {
  const invoiceId = stripeId("in");
  const reason = options.billingReason ?? "subscription_cycle";
  const { customer } = subscription;
  const flow = { ...flowFor(customer, subscription.amount) };
  const finalized = options.finalizeAfter ?? rng.int(60, 600);
  const charged = finalized + rng.int(2, 15);
  const steps: FlowStep[] = [
    { after: 0, type: "invoice.created", object: invoiceObject(subscription, invoiceId, "draft", reason, false) },
    { after: finalized, type: "invoice.finalized", object: invoiceObject(subscription, invoiceId, "open", reason, false, flow.paymentIntent) },
    { after: finalized + 1, type: "payment_intent.created", object: intentObject(flow, "requires_payment_method", customer.card, { invoice: invoiceId }) },
  ];
  if (options.failed) {
    const failure = DECLINES[rng.pick(["insufficient_funds", "card_declined", "expired_card"] as const)];
    steps.push(
      { after: charged, type: "charge.failed", object: chargeObject(flow, "failed", customer.card, customer.name, { failure, invoice: invoiceId }) },
      { after: charged, type: "payment_intent.payment_failed", object: intentObject(flow, "requires_payment_method", customer.card, { failure, invoice: invoiceId }) },
      { after: charged + 1, type: "invoice.payment_failed", object: invoiceObject(subscription, invoiceId, "open", reason, false, flow.paymentIntent) },
    );
    return steps;
  }
  steps.push(
    { after: charged, type: "charge.succeeded", object: chargeObject(flow, "succeeded", customer.card, customer.name, { invoice: invoiceId }) },
    { after: charged, type: "payment_intent.succeeded", object: intentObject(flow, "succeeded", customer.card, { invoice: invoiceId }) },
    { after: charged + 1, type: "invoice.paid", object: invoiceObject(subscription, invoiceId, "paid", reason, true, flow.paymentIntent) },
    { after: charged + 1, type: "invoice.payment_succeeded", object: invoiceObject(subscription, invoiceId, "paid", reason, true, flow.paymentIntent) },
  );
  return steps;
}

function subscriptionObject(subscription: SubscriptionRef, status: string, extra: Record<string, unknown> = {}): StripeObject {
  const now = fixtureNow();
  return {
    id: subscription.id,
    object: "subscription",
    customer: subscription.customer.id,
    created: now,
    currency: "usd",
    current_period_start: now,
    current_period_end: now + 30 * 86_400,
    cancel_at_period_end: false,
    items: { object: "list", data: [{ id: stripeId("si"), object: "subscription_item", price: { id: subscription.price, object: "price", unit_amount: subscription.amount, currency: "usd", recurring: { interval: "month" } }, quantity: 1 }] },
    livemode: false,
    metadata: {},
    status,
    ...extra,
  };
}

export function customerObject(customer: Customer): StripeObject {
  return { id: customer.id, object: "customer", created: fixtureNow(), email: customer.email, name: customer.name, livemode: false, metadata: {}, invoice_settings: { default_payment_method: customer.card.paymentMethod } };
}

/** A new customer subscribes: customer created, subscription created, its first invoice paid, subscription active. */
export function newSubscription(rng: SeededRandom, customer: Customer): { steps: FlowStep[]; subscription: SubscriptionRef } {
  const plan = rng.pick(PLANS);
  const subscription: SubscriptionRef = { id: stripeId("sub"), customer, price: plan.price, amount: plan.amount };
  const invoice = invoicePayment(rng, subscription, { billingReason: "subscription_create", finalizeAfter: 1 });
  const paidAt = invoice[invoice.length - 1]!.after;
  return {
    subscription,
    steps: [
      { after: 0, type: "customer.created", object: customerObject(customer) },
      { after: 1, type: "customer.subscription.created", object: subscriptionObject(subscription, "incomplete") },
      ...invoice.map((step) => ({ ...step, after: step.after + 1 })),
      { after: paidAt + 2, type: "customer.subscription.updated", object: subscriptionObject(subscription, "active"), previous: { status: "incomplete" } },
    ],
  };
}

/** A subscription set to cancel at the end of its period, or deleted. */
export function subscriptionChange(rng: SeededRandom, subscription: SubscriptionRef): FlowStep[] {
  if (rng.chance(0.6)) {
    return [{ after: 0, type: "customer.subscription.updated", object: subscriptionObject(subscription, "active", { cancel_at_period_end: true }), previous: { cancel_at_period_end: false } }];
  }
  const now = fixtureNow();
  return [{ after: 0, type: "customer.subscription.deleted", object: subscriptionObject(subscription, "canceled", { canceled_at: now, ended_at: now }) }];
}

/** A customer changes their details. */
export function customerUpdate(customer: Customer): FlowStep[] {
  return [{ after: 0, type: "customer.updated", object: customerObject(customer), previous: { name: null } }];
}

/** A refund of an earlier Checkout payment. */
export function refund(customer: Customer, amount: number): FlowStep[] {
  const flow = flowFor(customer, amount);
  return [{ after: 0, type: "charge.refunded", object: { ...chargeObject(flow, "succeeded", customer.card, customer.name), amount_refunded: amount, refunded: true } }];
}

/**
 * One card-testing or probing attempt on a payment intent: the charge and the payment intent's outcome. With
 * `created`, the payment intent's creation comes first (its first attempt).
 */
export function paymentAttempt(customer: Customer, card: Card, flow: PaymentFlow, outcome: Failure | "succeeded", created: boolean): FlowStep[] {
  const attemptFlow = { ...flow, charge: stripeId("ch") };
  const steps: FlowStep[] = created ? [{ after: 0, type: "payment_intent.created", object: intentObject(attemptFlow, "requires_payment_method", card) }] : [];
  if (outcome === "succeeded") {
    steps.push(
      { after: 1, type: "charge.succeeded", object: chargeObject(attemptFlow, "succeeded", card, customer.name) },
      { after: 1, type: "payment_intent.succeeded", object: intentObject(attemptFlow, "succeeded", card) },
    );
  } else {
    steps.push(
      { after: 1, type: "charge.failed", object: chargeObject(attemptFlow, "failed", card, customer.name, { failure: outcome }) },
      { after: 1, type: "payment_intent.payment_failed", object: intentObject(attemptFlow, "requires_payment_method", card, { failure: outcome }) },
    );
  }
  return steps;
}

/** A payment intent for `amount` of one customer, for attempts to share. */
export function attemptFlow(customer: Customer, amount: number): PaymentFlow {
  return flowFor(customer, amount);
}
