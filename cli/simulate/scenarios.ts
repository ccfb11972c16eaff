import type { RegisterTransaction } from "../../server/transactions/register-transaction";
import { CARD_TESTING_DECLINES, cardAttemptEvents, newCard, type CardAttempt } from "./card-attempts";
import { stripeId } from "./stripe-ids";
import { checkoutPaymentEvents, checkoutSession, failedPaymentEvents, newPaymentFlow, paymentIntent, stripeEvent, subscriptionLifecycleEvents, type PaymentFlow, type StripeEventJson, type StripeObject } from "./stripe-events";

/**
 * One delivery to send; deliveries of one batch go out at once. Without a signature timestamp, it is signed when sent.
 * With the demo Stripe, each delivered event is known to Stripe's API too, unless `unknownToStripe` (a forgery).
 */
export type PlannedDelivery = { event: StripeEventJson; signatureTimestamp?: number; note?: string; unknownToStripe?: true };
/** An object Stripe changed without a webhook reaching us. */
export type StripeChange = { collection: "subscriptions" | "payment_intents"; object: StripeObject };
/**
 * A scenario: the payments the business registers first, then the deliveries. With the demo Stripe (a local fake of
 * Stripe's API), `missedAtStripe` are events Stripe created but failed to deliver, and `changedAtStripe` objects it
 * changed afterwards without a webhook. `needsStripe` scenarios only make sense with it.
 */
export type Scenario = {
  name: string;
  description: string;
  registrations: RegisterTransaction[];
  batches: PlannedDelivery[][];
  missedAtStripe?: StripeEventJson[];
  changedAtStripe?: StripeChange[];
  needsStripe?: true;
};

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const inOrder = (events: StripeEventJson[]) => events.map((event) => [{ event }]);
const registration = (flow: PaymentFlow): RegisterTransaction => ({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });

export const SCENARIOS: Record<string, () => Scenario> = {
  checkout: () => {
    const flow = newPaymentFlow();
    return { name: "checkout", description: "a registered Checkout payment: payment intent, charge, session, success", registrations: [registration(flow)], batches: inOrder(checkoutPaymentEvents(flow)) };
  },
  subscription: () => ({ name: "subscription", description: "a subscription created, paid, upgraded and cancelled", registrations: [], batches: inOrder(subscriptionLifecycleEvents()) }),
  "failed-payment": () => {
    const flows = [newPaymentFlow(), newPaymentFlow()];
    return {
      name: "failed-payment",
      description: "two declined cards (insufficient_funds, generic_decline)",
      registrations: flows.map(registration),
      batches: inOrder([...failedPaymentEvents(flows[0], "insufficient_funds"), ...failedPaymentEvents(flows[1], "generic_decline")]),
    };
  },
  duplicates: () => {
    const flow = newPaymentFlow();
    const event = checkoutPaymentEvents(flow)[2]!;
    const t = Math.floor(Date.now() / 1000) - 10;
    return {
      name: "duplicates",
      description: "one event three times: first, an exact replay, and a retry with a new timestamp",
      registrations: [registration(flow)],
      batches: [[{ event, signatureTimestamp: t, note: "first" }], [{ event, signatureTimestamp: t, note: "replay" }], [{ event, signatureTimestamp: t + 5, note: "retry" }]],
    };
  },
  quarantine: () => {
    const flow = newPaymentFlow();
    return {
      name: "quarantine",
      description: "a Checkout session for 1.00 less than the registered amount (amount_mismatch)",
      registrations: [registration(flow)],
      batches: [[{ event: stripeEvent("checkout.session.completed", { ...checkoutSession(flow), amount_total: flow.amount - 100 }) }]],
    };
  },
  malformed: () => ({
    name: "malformed",
    description: "a correctly signed charge.succeeded whose charge has no valid id: processing gives up at once (dead)",
    registrations: [],
    batches: [[{ event: stripeEvent("charge.succeeded", { id: "not-a-charge-id", object: "charge", amount: 2000, currency: "usd" }) }]],
  }),
  burst: () => {
    const flows = Array.from({ length: 5 }, () => newPaymentFlow());
    const events = flows.flatMap((flow) => checkoutPaymentEvents(flow));
    return { name: "burst", description: "20 events of 5 payments, shuffled and sent at once", registrations: flows.map(registration), batches: [shuffled(events).map((event) => ({ event }))] };
  },
  "card-testing": () => {
    const customer = stripeId("cus");
    const start = Math.floor(Date.now() / 1000) - 12 * 20;
    const attempts: CardAttempt[] = Array.from({ length: 12 }, (_, i) => ({
      created: start + i * 20,
      card: newCard(i % 3 === 0 ? "mastercard" : "visa"),
      amount: 50 + (i % 3) * 25,
      customer,
      email: "card.tester@example.com",
      outcome: i % 6 === 5 ? "succeeded" : "failed",
      declineCode: i % 6 === 5 ? undefined : CARD_TESTING_DECLINES[i % CARD_TESTING_DECLINES.length],
      reference: `order_ct${Math.random().toString(36).slice(2, 10)}`,
    }));
    return {
      name: "card-testing",
      description: "one customer tries 12 cards for 0.50 to 1.00 within 4 minutes, most declined (insufficient_funds, incorrect_cvc, ...): a fraud review opens",
      registrations: attempts.map((attempt) => ({ reference: attempt.reference!, amount: attempt.amount, currency: "usd", customer })),
      batches: inOrder(attempts.flatMap(cardAttemptEvents)),
    };
  },
  missed: () => {
    const flow = newPaymentFlow();
    return {
      name: "missed",
      description: "a registered Checkout payment whose events Stripe created during our downtime and never delivered: run a missed-event recovery",
      registrations: [registration(flow)],
      batches: [],
      missedAtStripe: checkoutPaymentEvents(flow),
      needsStripe: true,
    };
  },
  drift: () => {
    const [created, , activated] = subscriptionLifecycleEvents();
    const subscription = activated!.data.object;
    return {
      name: "drift",
      description: "a subscription mirrored as active, then cancelled at Stripe with no webhook: run a drift audit",
      registrations: [],
      batches: inOrder([created!, activated!]),
      changedAtStripe: [{ collection: "subscriptions", object: { ...subscription, status: "canceled", canceled_at: Math.floor(Date.now() / 1000) } }],
      needsStripe: true,
    };
  },
  forged: () => {
    const flow = newPaymentFlow();
    return {
      name: "forged",
      description: "payment_intent.succeeded signed with the endpoint's real secret but unknown to Stripe (a leaked secret): unconfirmed_by_stripe",
      registrations: [registration(flow)],
      batches: [[{ event: stripeEvent("payment_intent.succeeded", paymentIntent(flow, "succeeded")), unknownToStripe: true, note: "forged" }]],
      needsStripe: true,
    };
  },
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS);

/** What `--scenario all` sends: every scenario, and those that need Stripe's API only when the demo Stripe answers. */
export function allScenarioNames(withStripe: boolean): string[] {
  return SCENARIO_NAMES.filter((name) => withStripe || !SCENARIOS[name]!().needsStripe);
}
