import { checkoutPaymentEvents, failedPaymentEvents, newPaymentFlow, subscriptionLifecycleEvents, type StripeEventJson } from "./stripe-events";

/** One delivery to send; deliveries of one batch go out at once. Without a signature timestamp, it is signed when sent. */
export type PlannedDelivery = { event: StripeEventJson; signatureTimestamp?: number; note?: string };
export type Scenario = { name: string; description: string; batches: PlannedDelivery[][] };

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const inOrder = (events: StripeEventJson[]) => events.map((event) => [{ event }]);

export const SCENARIOS: Record<string, () => Scenario> = {
  checkout: () => ({ name: "checkout", description: "a Checkout payment: payment intent, charge, session, success", batches: inOrder(checkoutPaymentEvents()) }),
  subscription: () => ({ name: "subscription", description: "a subscription created, paid, upgraded and cancelled", batches: inOrder(subscriptionLifecycleEvents()) }),
  "failed-payment": () => ({
    name: "failed-payment",
    description: "two declined cards (insufficient_funds, generic_decline)",
    batches: inOrder([...failedPaymentEvents(newPaymentFlow(), "insufficient_funds"), ...failedPaymentEvents(newPaymentFlow(), "generic_decline")]),
  }),
  duplicates: () => {
    const event = checkoutPaymentEvents()[2]!;
    const t = Math.floor(Date.now() / 1000) - 10;
    return {
      name: "duplicates",
      description: "one event three times: first, an exact replay, and a retry with a new timestamp",
      batches: [[{ event, signatureTimestamp: t, note: "first" }], [{ event, signatureTimestamp: t, note: "replay" }], [{ event, signatureTimestamp: t + 5, note: "retry" }]],
    };
  },
  burst: () => {
    const events = Array.from({ length: 5 }, () => checkoutPaymentEvents(newPaymentFlow())).flat();
    return { name: "burst", description: "20 events of 5 payments, shuffled and sent at once", batches: [shuffled(events).map((event) => ({ event }))] };
  },
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS);
