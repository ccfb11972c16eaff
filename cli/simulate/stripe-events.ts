/**
 * Hookwarden's own fixtures: Stripe events and objects shaped like the ones Stripe
 * sends (API version 2025-09-30), with coherent ids across one flow. Used by the
 * `simulate` command and by the tests.
 */
import { fixtureNow, fixtureUuid, stripeId } from "./stripe-ids";

export const API_VERSION = "2025-09-30.clover";

export type StripeObject = { id: string; object: string; [key: string]: unknown };
export type StripeEventJson = {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> };
  livemode: boolean;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
};

const now = fixtureNow;

export function stripeEvent(type: string, object: StripeObject, options: { created?: number; previous?: Record<string, unknown> } = {}): StripeEventJson {
  return {
    id: stripeId("evt"),
    object: "event",
    api_version: API_VERSION,
    created: options.created ?? now(),
    data: options.previous ? { object, previous_attributes: options.previous } : { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: stripeId("req"), idempotency_key: fixtureUuid() },
    type,
  };
}

export type PaymentFlow = {
  reference: string;
  amount: number;
  currency: string;
  customer: string;
  email: string;
  paymentIntent: string;
  charge: string;
  session: string;
};

export function newPaymentFlow(overrides: Partial<PaymentFlow> = {}): PaymentFlow {
  return {
    reference: `order_${stripeId("x").slice(3, 11).toLowerCase()}`,
    amount: 3000,
    currency: "usd",
    customer: stripeId("cus"),
    email: "jenny.rosen@example.com",
    paymentIntent: stripeId("pi"),
    charge: stripeId("ch"),
    session: stripeId("cs_test"),
    ...overrides,
  };
}

export function paymentIntent(flow: PaymentFlow, status: "requires_payment_method" | "succeeded", failure?: { code: string; decline_code: string }): StripeObject {
  return {
    id: flow.paymentIntent,
    object: "payment_intent",
    amount: flow.amount,
    amount_received: status === "succeeded" ? flow.amount : 0,
    currency: flow.currency,
    customer: flow.customer,
    created: now(),
    latest_charge: flow.charge,
    livemode: false,
    metadata: { hookwarden_ref: flow.reference },
    payment_method: stripeId("pm"),
    payment_method_types: ["card"],
    last_payment_error: failure ? { type: "card_error", code: failure.code, decline_code: failure.decline_code, message: "Your card was declined." } : null,
    status,
  };
}

export function charge(flow: PaymentFlow, status: "succeeded" | "failed", failure?: { code: string; decline_code: string }): StripeObject {
  return {
    id: flow.charge,
    object: "charge",
    amount: flow.amount,
    amount_captured: status === "succeeded" ? flow.amount : 0,
    amount_refunded: 0,
    billing_details: { email: flow.email, name: "Jenny Rosen", address: { country: "US", postal_code: "94107" } },
    captured: status === "succeeded",
    created: now(),
    currency: flow.currency,
    customer: flow.customer,
    failure_code: failure?.code ?? null,
    failure_message: failure ? "Your card was declined." : null,
    livemode: false,
    metadata: {},
    outcome: {
      network_status: status === "succeeded" ? "approved_by_network" : "declined_by_network",
      reason: failure?.decline_code ?? null,
      risk_level: "normal",
      risk_score: 32,
      seller_message: status === "succeeded" ? "Payment complete." : "The bank did not return any further details with this decline.",
      type: status === "succeeded" ? "authorized" : "issuer_declined",
    },
    paid: status === "succeeded",
    payment_intent: flow.paymentIntent,
    payment_method_details: { type: "card", card: { brand: "visa", country: "US", exp_month: 8, exp_year: 2030, fingerprint: "Xt5EWLLDS7FJjR1c", funding: "credit", last4: "4242" } },
    receipt_email: flow.email,
    refunded: false,
    status,
  };
}

export function checkoutSession(flow: PaymentFlow): StripeObject {
  return {
    id: flow.session,
    object: "checkout.session",
    amount_subtotal: flow.amount,
    amount_total: flow.amount,
    client_reference_id: flow.reference,
    created: now(),
    currency: flow.currency,
    customer: flow.customer,
    customer_details: { email: flow.email, name: "Jenny Rosen" },
    livemode: false,
    metadata: { hookwarden_ref: flow.reference },
    mode: "payment",
    payment_intent: flow.paymentIntent,
    payment_status: "paid",
    status: "complete",
  };
}

/** A Checkout payment in the order Stripe emits it: payment intent, charge, session, success. */
export function checkoutPaymentEvents(flow = newPaymentFlow()): StripeEventJson[] {
  const t = now();
  return [
    stripeEvent("payment_intent.created", paymentIntent(flow, "requires_payment_method"), { created: t }),
    stripeEvent("charge.succeeded", charge(flow, "succeeded"), { created: t + 1 }),
    stripeEvent("checkout.session.completed", checkoutSession(flow), { created: t + 1 }),
    stripeEvent("payment_intent.succeeded", paymentIntent(flow, "succeeded"), { created: t + 1 }),
  ];
}

/** A declined card: the charge fails and the payment intent goes back to requiring a payment method. */
export function failedPaymentEvents(flow = newPaymentFlow(), declineCode = "insufficient_funds"): StripeEventJson[] {
  const failure = { code: "card_declined", decline_code: declineCode };
  return [
    stripeEvent("payment_intent.created", paymentIntent(flow, "requires_payment_method")),
    stripeEvent("charge.failed", charge(flow, "failed", failure)),
    stripeEvent("payment_intent.payment_failed", paymentIntent(flow, "requires_payment_method", failure)),
  ];
}

/** A subscription's life: created, first invoice paid, plan changed, cancelled. */
export function subscriptionLifecycleEvents(customer = stripeId("cus")): StripeEventJson[] {
  const subscriptionId = stripeId("sub");
  const invoiceId = stripeId("in");
  const t = now();
  const subscription = (status: string, price: string, extra: Record<string, unknown> = {}): StripeObject => ({
    id: subscriptionId,
    object: "subscription",
    customer,
    created: t,
    currency: "usd",
    current_period_start: t,
    current_period_end: t + 30 * 86_400,
    cancel_at_period_end: false,
    items: { object: "list", data: [{ id: stripeId("si"), object: "subscription_item", price: { id: price, object: "price", unit_amount: 2000, currency: "usd", recurring: { interval: "month" } }, quantity: 1 }] },
    latest_invoice: invoiceId,
    livemode: false,
    metadata: {},
    status,
    ...extra,
  });
  const invoice: StripeObject = {
    id: invoiceId,
    object: "invoice",
    amount_due: 2000,
    amount_paid: 2000,
    amount_remaining: 0,
    billing_reason: "subscription_create",
    created: t,
    currency: "usd",
    customer,
    customer_email: "jenny.rosen@example.com",
    livemode: false,
    parent: { type: "subscription_details", subscription_details: { subscription: subscriptionId } },
    status: "paid",
    total: 2000,
  };
  return [
    stripeEvent("customer.subscription.created", subscription("incomplete", "price_basic"), { created: t }),
    stripeEvent("invoice.paid", invoice, { created: t + 1 }),
    stripeEvent("customer.subscription.updated", subscription("active", "price_basic"), { created: t + 1, previous: { status: "incomplete" } }),
    stripeEvent("customer.subscription.updated", subscription("active", "price_pro"), { created: t + 60, previous: { items: {} } }),
    stripeEvent("customer.subscription.deleted", subscription("canceled", "price_pro", { canceled_at: t + 120, ended_at: t + 120 }), { created: t + 120 }),
  ];
}
