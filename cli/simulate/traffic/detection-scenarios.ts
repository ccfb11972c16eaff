/**
 * The labelled scenarios of `hookwarden simulate --scenario <name> --out <file.jsonl>`, which
 * `hookwarden detect --replay` and `npm run bench:detection` evaluate the gatekeeper with. Each begins with
 * two days of normal traffic with a daily cycle (the baselines' history), then on the third day its burst or
 * its attack mixed into normal traffic, then normal traffic again. Every line says whether it is part of the attack (`label`).
 * Deterministic: one seed, one file.
 */
import { SeededRandom } from "../seeded-random";
import { stripeEvent, type StripeObject } from "../stripe-events";
import { stripeId, withFixtureSource } from "../stripe-ids";
import { attemptFlow, DECLINES, invoicePayment, newCard, newCustomer, paymentAttempt, type Card, type Customer, type Failure } from "./event-flows";
import { addNormalTraffic, seedBusiness } from "./normal-traffic";
import { ScenarioBuilder, type ScenarioLine } from "./scenario-builder";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Normal traffic before the event's day: what baselines learn from (the event comes on the day after). */
export const HISTORY_DAYS = 2;

export type DetectionScenarioName =
  | "normal-days"
  | "billing-run"
  | "black-friday"
  | "retry-burst"
  | "forged-flood"
  | "replay-attack"
  | "leaked-secret"
  | "card-testing"
  | "retry-probing"
  | "slow-card-testing";

export type DetectionScenario = {
  name: DetectionScenarioName;
  /** `attack`: some lines are labelled with its name and must be detected. `legitimate`: every line is normal; any alarm is false. */
  kind: "attack" | "legitimate";
  description: string;
  /** Where the history begins when --start is not given (billing-run and black-friday fall on their dates). */
  defaultStart: string;
  build: (builder: ScenarioBuilder, startMs: number) => void;
};

export type ScenarioOptions = { seed: number; secret: string; endpoint: string; start?: Date };

/** Addresses outside Stripe's list, from the ranges reserved for documentation (RFC 5737): no real host. */
const ATTACKERS = { flood: ["203.0.113.7", "203.0.113.45", "198.51.100.23", "198.51.100.88", "192.0.2.150"], replay: "203.0.113.99", leaked: "198.51.100.77" };
/** Card testers try tiny amounts, in cents. */
const TESTING_AMOUNTS = [100, 99, 50, 75, 30, 1];
const DEFAULT_START = "2026-11-09T00:00:00.000Z";

/** The history, then `event` starting at 14:00 UTC of the day after it (the busy hours), with normal traffic throughout and until `tailMs` after the event. */
function attackDay(builder: ScenarioBuilder, startMs: number, event: (atMs: number) => number, tailMs = 2 * HOUR): void {
  const eventAt = startMs + HISTORY_DAYS * DAY + 14 * HOUR;
  const eventEnd = event(eventAt);
  addNormalTraffic(builder, startMs, eventEnd + tailMs);
}

function hex(builder: ScenarioBuilder, length: number): string {
  return Array.from({ length }, () => builder.rng.int(0, 15).toString(16)).join("");
}

/** A forged `Stripe-Signature`: a fresh `t` and a `v1` that is 64 random hex digits. */
function forgedSignature(builder: ScenarioBuilder, atMs: number): string {
  return `t=${Math.floor(atMs / 1000)},v1=${hex(builder, 64)}`;
}

/** One card tester's run: `attempts` small charges across many cards of one or two customers, `gap` ms apart. */
function cardTesting(builder: ScenarioBuilder, fromMs: number, attempts: number, gap: () => number, label: string): number {
  const { rng } = builder;
  const fraudsters: Customer[] = [newCustomer(rng), newCustomer(rng)];
  let at = fromMs;
  let card: Card = newCard(rng);
  let cardUses = 0;
  let flow = attemptFlow(fraudsters[0]!, rng.pick(TESTING_AMOUNTS));
  let flowUses = 0;
  for (let attempt = 0; attempt < attempts; attempt++) {
    // Most cards are tried once, some twice; a payment intent is reused for a few cards.
    if (cardUses >= (rng.chance(0.75) ? 1 : 2)) {
      card = newCard(rng);
      cardUses = 0;
    }
    const created = flowUses === 0 || flowUses >= rng.int(2, 4);
    if (created && flowUses > 0) {
      flow = attemptFlow(rng.chance(0.8) ? fraudsters[0]! : fraudsters[1]!, rng.pick(TESTING_AMOUNTS));
      flowUses = 0;
    }
    const outcomes: readonly (readonly [Failure | "succeeded", number])[] = [
      [DECLINES.card_declined, 55],
      [DECLINES.incorrect_cvc, 20],
      [DECLINES.insufficient_funds, 18],
      ["succeeded", 7],
    ];
    const outcome = rng.weighted(outcomes);
    const customer = fraudsters.find((candidate) => candidate.id === flow.customer)!;
    const current = { card, flow };
    builder.emit(at, () => paymentAttempt(customer, current.card, current.flow, outcome, flowUses === 0), label);
    cardUses += 1;
    flowUses += 1;
    at += gap();
  }
  return at;
}

export const DETECTION_SCENARIOS: Record<DetectionScenarioName, DetectionScenario> = {
  "normal-days": {
    name: "normal-days",
    kind: "legitimate",
    description: "three days of normal traffic with its daily cycle (0.3 to 3 deliveries a minute)",
    defaultStart: DEFAULT_START,
    build: (builder, startMs) => addNormalTraffic(builder, startMs, startMs + (HISTORY_DAYS + 1) * DAY),
  },
  "billing-run": {
    name: "billing-run",
    kind: "legitimate",
    description: "at 00:00 UTC on the 1st, 20 times the usual rate of invoice events (with their payments) for 45 minutes",
    defaultStart: "2026-10-30T00:00:00.000Z",
    build: (builder, startMs) => {
      const runAt = startMs + HISTORY_DAYS * DAY;
      addNormalTraffic(builder, startMs, runAt + 8 * HOUR);
      const historyInvoiceEvents = builder.lines().filter((line) => line.at < new Date(runAt).toISOString() && invoiceEventType(line)).length;
      const target = Math.round(20 * (historyInvoiceEvents / (HISTORY_DAYS * 24 * 60)) * 45);
      let invoiceEvents = 0;
      while (invoiceEvents < target) {
        const at = runAt + builder.rng.int(0, 45 * MINUTE - 1);
        const failed = builder.rng.chance(0.04);
        const steps = builder.emit(at, () => invoicePayment(builder.rng, builder.rng.pick(builder.subscriptions), { failed, finalizeAfter: builder.rng.int(5, 120) }));
        invoiceEvents += steps.filter((step) => step.type.startsWith("invoice.")).length;
      }
    },
  },
  "black-friday": {
    name: "black-friday",
    kind: "legitimate",
    description: "Black Friday: the normal mix ramps to 10 times its rate from 08:00 to 14:00 UTC and holds it until the file ends at 15:30",
    defaultStart: "2026-11-25T00:00:00.000Z",
    build: (builder, startMs) => {
      const day = startMs + HISTORY_DAYS * DAY;
      const multiplier = (atMs: number) => {
        const hour = (atMs - day) / HOUR;
        if (hour < 8) return 1;
        return hour < 14 ? 1 + (9 * (hour - 8)) / 6 : 10;
      };
      addNormalTraffic(builder, startMs, day + 15.5 * HOUR, multiplier, 10);
    },
  },
  "retry-burst": {
    name: "retry-burst",
    kind: "legitimate",
    description: "we were down from 10:00 to 12:00 UTC (no deliveries); then Stripe delivers the backlog within 15 minutes: valid fresh signatures, events created up to 2 hours earlier",
    defaultStart: DEFAULT_START,
    build: (builder, startMs) => {
      const down = startMs + HISTORY_DAYS * DAY + 10 * HOUR;
      builder.outage = { from: down, to: down + 2 * HOUR, drainMs: 15 * MINUTE };
      addNormalTraffic(builder, startMs, down + 6 * HOUR);
    },
  },
  "forged-flood": {
    name: "forged-flood",
    kind: "attack",
    description: "forged signatures from 5 addresses outside Stripe's list, ramping from 50 to 5,000 a minute over 3 minutes, then 5,000 a minute for a minute",
    defaultStart: DEFAULT_START,
    build: (builder, startMs) =>
      attackDay(builder, startMs, (from) => {
        const rampMs = 3 * MINUTE;
        const end = from + rampMs + MINUTE;
        for (let at = from; at < end; ) {
          const perMinute = at < from + rampMs ? 50 + ((5_000 - 50) * (at - from)) / rampMs : 5_000;
          builder.clockSeconds = Math.floor(at / 1000);
          const object: StripeObject = { id: stripeId("pi"), object: "payment_intent", amount: builder.rng.pick([4900, 9900, 19900]), currency: "usd", status: "succeeded", metadata: {} };
          const body = JSON.stringify(stripeEvent("payment_intent.succeeded", object, { created: builder.clockSeconds }));
          builder.raw(at, builder.rng.pick(ATTACKERS.flood), forgedSignature(builder, at), body, "forged-flood");
          at += Math.max(1, Math.round((MINUTE / perMinute) * (0.8 + 0.4 * builder.rng.next())));
        }
        return end;
      }),
  },
  "replay-attack": {
    name: "replay-attack",
    kind: "attack",
    description: "captured genuine deliveries re-sent verbatim (same t and v1) from an address outside Stripe's list for 10 minutes; about a third still within the 5-minute tolerance",
    defaultStart: DEFAULT_START,
    build: (builder, startMs) => {
      const from = startMs + HISTORY_DAYS * DAY + 14 * HOUR;
      // The normal traffic around the attack must exist first: fresh captures come from its last minutes.
      addNormalTraffic(builder, startMs, from + 10 * MINUTE + 2 * HOUR);
      const older = builder.capturedBefore(from - 10 * MINUTE);
      for (let at = from; at < from + 10 * MINUTE; at += builder.rng.int(2, 5) * SECOND) {
        const fresh = builder.capturedBefore(at - 5 * SECOND, at - 4 * MINUTE);
        const captured = fresh.length > 0 && builder.rng.chance(0.35) ? builder.rng.pick(fresh) : builder.rng.pick(older);
        builder.raw(at, ATTACKERS.replay, captured.headers["stripe-signature"]!, captured.body, "replay-attack");
      }
    },
  },
  "leaked-secret": {
    name: "leaked-secret",
    kind: "attack",
    description: "with a leaked signing secret, correctly signed payment successes (payment intent and Checkout session) for objects Stripe never created, from an address outside Stripe's list, every 15-45 s for 40 minutes",
    defaultStart: DEFAULT_START,
    build: (builder, startMs) =>
      attackDay(builder, startMs, (from) => {
        const end = from + 40 * MINUTE;
        for (let at = from; at < end; at += builder.rng.int(15, 45) * SECOND) {
          builder.clockSeconds = Math.floor(at / 1000);
          const customer = newCustomer(builder.rng);
          const reference = `order_${hex(builder, 8)}`;
          const amount = builder.rng.pick([49900, 99900, 149900]);
          const paymentIntent = stripeId("pi");
          const intent: StripeObject = { id: paymentIntent, object: "payment_intent", amount, amount_received: amount, currency: "usd", customer: customer.id, metadata: { hookwarden_ref: reference }, status: "succeeded", latest_charge: stripeId("ch") };
          const session: StripeObject = { id: stripeId("cs_live"), object: "checkout.session", amount_total: amount, currency: "usd", customer: customer.id, client_reference_id: reference, metadata: { hookwarden_ref: reference }, mode: "payment", payment_intent: paymentIntent, payment_status: "paid", status: "complete" };
          builder.genuine(at, stripeEvent("payment_intent.succeeded", intent, { created: builder.clockSeconds }), "leaked-secret", ATTACKERS.leaked);
          builder.genuine(at + builder.rng.int(200, 900), stripeEvent("checkout.session.completed", session, { created: builder.clockSeconds }), "leaked-secret", ATTACKERS.leaked);
        }
        return end;
      }),
  },
  "card-testing": {
    name: "card-testing",
    kind: "attack",
    description: "card testing: 120 attempts of at most 1.00 in about 12 minutes, across many cards of two customers; declines mix card_declined, incorrect_cvc and insufficient_funds, with a few successes",
    defaultStart: DEFAULT_START,
    build: (builder, startMs) => attackDay(builder, startMs, (from) => cardTesting(builder, from, 120, () => builder.rng.int(3, 9) * SECOND, "card-testing")),
  },
  "retry-probing": {
    name: "retry-probing",
    kind: "attack",
    description: "retry probing: one card retried 25 times on one payment intent, every 4-12 s, declined each time",
    defaultStart: DEFAULT_START,
    build: (builder, startMs) =>
      attackDay(builder, startMs, (from) => {
        const { rng } = builder;
        const customer = newCustomer(rng);
        const flow = attemptFlow(customer, 45_000);
        let at = from;
        for (let attempt = 0; attempt < 25; attempt++) {
          const outcome = DECLINES[rng.weighted([["insufficient_funds", 6], ["do_not_honor", 2], ["card_declined", 2]] as const)];
          builder.emit(at, () => paymentAttempt(customer, customer.card, flow, outcome, attempt === 0), "retry-probing");
          at += rng.int(4, 12) * SECOND;
        }
        return at;
      }),
  },
  "slow-card-testing": {
    name: "slow-card-testing",
    kind: "attack",
    description: "slow card testing: the same as card-testing, one attempt every 5-15 minutes for about 10 hours, hidden in normal traffic",
    defaultStart: DEFAULT_START,
    build: (builder, startMs) => {
      const from = startMs + HISTORY_DAYS * DAY + 6 * HOUR;
      const end = cardTesting(builder, from, 60, () => builder.rng.int(5, 15) * MINUTE, "slow-card-testing");
      addNormalTraffic(builder, startMs, end + 2 * HOUR);
    },
  },
};

export const DETECTION_SCENARIO_NAMES = Object.keys(DETECTION_SCENARIOS) as DetectionScenarioName[];

export function isDetectionScenario(name: string): name is DetectionScenarioName {
  return Object.hasOwn(DETECTION_SCENARIOS, name);
}

function invoiceEventType(line: ScenarioLine): boolean {
  return line.body.includes('"type":"invoice.');
}

/** The first 00:00 UTC of a 1st of the month at least HISTORY_DAYS after `start`, minus HISTORY_DAYS: the billing run's history begins there. */
function billingRunStart(start: Date): number {
  const earliest = start.getTime() + HISTORY_DAYS * DAY;
  const day = new Date(earliest);
  let first = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1);
  if (first < earliest) first = Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1);
  return first - HISTORY_DAYS * DAY;
}

/** Generates a scenario's lines, in time order; the same options give the same lines. */
export function generateDetectionScenario(name: DetectionScenarioName, options: ScenarioOptions): ScenarioLine[] {
  const scenario = DETECTION_SCENARIOS[name];
  const rng = new SeededRandom(options.seed);
  const builder = new ScenarioBuilder(rng, options.endpoint, options.secret);
  const requested = options.start ?? new Date(scenario.defaultStart);
  const startMs = name === "billing-run" ? billingRunStart(requested) : Math.floor(requested.getTime() / DAY) * DAY;
  return withFixtureSource(rng.fixtureSource(() => builder.clockSeconds), () => {
    seedBusiness(builder);
    scenario.build(builder, startMs);
    return builder.lines();
  });
}

/** A scenario file's text: one JSON line per delivery, in time order. */
export function scenarioFileText(lines: readonly ScenarioLine[]): string {
  return lines.map((line) => JSON.stringify(line)).join("\n") + "\n";
}
