import {
  checkoutPayment,
  customerObject,
  customerUpdate,
  declinedPayment,
  invoicePayment,
  newCustomer,
  newSubscription,
  PLANS,
  PRICES,
  refund,
  subscriptionChange,
  type Customer,
  type FlowStep,
} from "./event-flows";
import { arrivals, type ScenarioBuilder } from "./scenario-builder";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Deliveries per minute over a day (UTC): 0.3 at 04:00, 3 at 16:00. Modest, so that a whole benchmark
 * (every scenario, each replayed through the real intake and processing) takes minutes, not hours.
 */
export const QUIETEST_PER_MINUTE = 0.3;
export const BUSIEST_PER_MINUTE = 3;

/** The daily cycle: deliveries per minute at this instant, before any scenario's multiplier. */
export function dailyRatePerMinute(atMs: number): number {
  const hour = (atMs % DAY) / HOUR;
  const middle = (BUSIEST_PER_MINUTE + QUIETEST_PER_MINUTE) / 2;
  const swing = (BUSIEST_PER_MINUTE - QUIETEST_PER_MINUTE) / 2;
  return middle - swing * Math.cos((2 * Math.PI * (hour - 4)) / 24);
}

type FlowKind = "checkout" | "declined" | "renewal" | "renewal_failed" | "new_subscription" | "customer_created" | "customer_updated" | "subscription_change" | "refund";

/** The normal mix, as shares of flows (not deliveries): Checkout payments, renewals, sign-ups, declines, refunds. */
const MIX: readonly (readonly [FlowKind, number])[] = [
  ["checkout", 40],
  ["declined", 8],
  ["renewal", 22],
  ["renewal_failed", 1.5],
  ["new_subscription", 4],
  ["customer_created", 5],
  ["customer_updated", 8],
  ["subscription_change", 3],
  ["refund", 3],
];
/** Deliveries per flow of the mix, on average (measured from the flows). */
const DELIVERIES_PER_FLOW = 4.5;

/** The business as it is when a scenario begins: customers and subscriptions from before the file. */
export function seedBusiness(builder: ScenarioBuilder, customers = 300, subscriptions = 400): void {
  for (let i = 0; i < customers; i++) builder.customers.push(newCustomer(builder.rng));
  for (let i = 0; i < subscriptions; i++) {
    const plan = builder.rng.pick(PLANS);
    builder.subscriptions.push({ id: `sub_1Seed${String(i).padStart(6, "0")}${builder.rng.int(100_000, 999_999)}`, customer: builder.rng.pick(builder.customers), price: plan.price, amount: plan.amount });
  }
}

function customerFor(builder: ScenarioBuilder): Customer {
  const { rng } = builder;
  if (builder.customers.length > 0 && rng.chance(0.3)) return rng.pick(builder.customers);
  const customer = newCustomer(rng);
  builder.customers.push(customer);
  return customer;
}

function flowOf(builder: ScenarioBuilder, kind: FlowKind): FlowStep[] {
  const { rng } = builder;
  switch (kind) {
    case "checkout": {
      const customer = customerFor(builder);
      const amount = rng.pick(PRICES);
      builder.paidCheckouts.push({ customer, amount });
      return checkoutPayment(rng, customer, amount);
    }
    case "declined":
      return declinedPayment(rng, customerFor(builder), rng.pick(PRICES));
    case "renewal":
      return invoicePayment(rng, rng.pick(builder.subscriptions));
    case "renewal_failed":
      return invoicePayment(rng, rng.pick(builder.subscriptions), { failed: true });
    case "new_subscription": {
      const created = newSubscription(rng, newCustomer(rng));
      builder.customers.push(created.subscription.customer);
      builder.subscriptions.push(created.subscription);
      return created.steps;
    }
    case "customer_created": {
      const customer = newCustomer(rng);
      builder.customers.push(customer);
      return [{ after: 0, type: "customer.created", object: customerObject(customer) }];
    }
    case "customer_updated":
      return customerUpdate(rng.pick(builder.customers));
    case "subscription_change":
      return subscriptionChange(rng, rng.pick(builder.subscriptions));
    case "refund": {
      const paid = builder.paidCheckouts.length > 0 ? rng.pick(builder.paidCheckouts) : { customer: customerFor(builder), amount: rng.pick(PRICES) };
      return refund(paid.customer, paid.amount);
    }
  }
}

/**
 * Normal traffic from `fromMs` to `toMs`: flows of the normal mix arriving with the daily cycle, times
 * `multiplier` (Black Friday's ramp), with a day-to-day variation of ±10%.
 */
export function addNormalTraffic(builder: ScenarioBuilder, fromMs: number, toMs: number, multiplier: (atMs: number) => number = () => 1, highestMultiplier = 1): void {
  const dayFactors = new Map<number, number>();
  const dayFactor = (atMs: number) => {
    const day = Math.floor(atMs / DAY);
    if (!dayFactors.has(day)) dayFactors.set(day, 0.9 + 0.2 * builder.rng.next());
    return dayFactors.get(day)!;
  };
  const flowsPerMinute = (atMs: number) => (dailyRatePerMinute(atMs) * dayFactor(atMs) * multiplier(atMs)) / DELIVERIES_PER_FLOW;
  const highest = (BUSIEST_PER_MINUTE * 1.1 * highestMultiplier) / DELIVERIES_PER_FLOW;
  for (const startMs of arrivals(builder.rng, fromMs, toMs, flowsPerMinute, highest)) {
    const kind = builder.rng.weighted(MIX);
    builder.emit(startMs, () => flowOf(builder, kind));
  }
}
