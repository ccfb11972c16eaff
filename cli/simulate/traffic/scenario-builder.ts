import { STRIPE_WEBHOOK_ADDRESSES } from "../../../server/gatekeeper/sources/stripe-webhook-addresses";
import type { ReplayLine } from "../../../server/evaluation/replay-line";
import type { SeededRandom } from "../seeded-random";
import { stripeSignatureHeader } from "../sign";
import { stripeEvent, type StripeEventJson } from "../stripe-events";
import type { Customer, FlowStep, SubscriptionRef } from "./event-flows";

/** A line of a scenario file: a replay line whose `label` is `normal` or the attack's name. */
export type ScenarioLine = ReplayLine & { label: string };

type Planned = { atMs: number; order: number; line: ScenarioLine };

/** Stripe was unreachable for us in [from, to): what it tried then arrives again within `drainMs` after `to`, re-signed. */
export type Outage = { from: number; to: number; drainMs: number };

/**
 * Collects a scenario's deliveries in any order and hands them out in time order. Genuine deliveries come from
 * one of Stripe's published addresses, signed with the endpoint's secret at `t` a few hundred ms before they
 * arrive. It also keeps the business's customers and subscriptions, so that traffic has returning customers.
 */
export class ScenarioBuilder {
  private readonly planned: Planned[] = [];
  /** The fixtures' clock (unix seconds): objects built now say they were created then. */
  clockSeconds = 0;
  readonly customers: Customer[] = [];
  readonly subscriptions: SubscriptionRef[] = [];
  readonly paidCheckouts: { customer: Customer; amount: number }[] = [];
  outage: Outage | null = null;

  constructor(
    readonly rng: SeededRandom,
    readonly endpoint: string,
    readonly secret: string,
  ) {}

  /** Builds a flow as of `startMs` and delivers its events, each a little after Stripe created it. */
  emit(startMs: number, build: () => FlowStep[], label = "normal", source?: string): FlowStep[] {
    this.clockSeconds = Math.floor(startMs / 1000);
    const steps = build();
    for (const step of steps) {
      const event = stripeEvent(step.type, step.object, { created: this.clockSeconds + step.after, previous: step.previous });
      this.genuine(startMs + step.after * 1000 + this.rng.int(300, 2_500), event, label, source);
    }
    return steps;
  }

  /** A delivery signed with the endpoint's secret, from a Stripe address unless `source` says otherwise. */
  genuine(atMs: number, event: StripeEventJson, label = "normal", source?: string): void {
    let at = atMs;
    if (this.outage && at >= this.outage.from && at < this.outage.to) {
      const { from, to, drainMs } = this.outage;
      at = to + Math.floor(((at - from) / (to - from)) * drainMs) + this.rng.int(0, 2_000);
    }
    const body = JSON.stringify(event);
    const signatureTimestamp = Math.floor((at - this.rng.int(100, 900)) / 1000);
    this.raw(at, source ?? this.rng.pick(STRIPE_WEBHOOK_ADDRESSES), stripeSignatureHeader(body, this.secret, signatureTimestamp), body, label);
  }

  /** A delivery exactly as given: forged signatures, replays. */
  raw(atMs: number, source: string, signature: string, body: string, label: string): void {
    const line: ScenarioLine = { at: new Date(atMs).toISOString(), endpoint: this.endpoint, source, headers: { "stripe-signature": signature, "content-type": "application/json" }, body, label };
    this.planned.push({ atMs, order: this.planned.length, line });
  }

  /** Genuine deliveries already planned before `atMs` (what an eavesdropper could have captured). */
  capturedBefore(atMs: number, notBefore = 0): ScenarioLine[] {
    return this.planned.filter((entry) => entry.atMs < atMs && entry.atMs >= notBefore && entry.line.label === "normal").map((entry) => entry.line);
  }

  /** Every line, in time order (lines of the same millisecond in the order they were added). */
  lines(): ScenarioLine[] {
    return [...this.planned].sort((a, b) => a.atMs - b.atMs || a.order - b.order).map((entry) => entry.line);
  }
}

/**
 * Arrival times in [fromMs, toMs) of a Poisson process whose rate (per minute) changes with time, by thinning:
 * candidates at the highest rate, each kept with probability rate(t) / highest.
 */
export function arrivals(rng: SeededRandom, fromMs: number, toMs: number, perMinute: (atMs: number) => number, highestPerMinute: number): number[] {
  const times: number[] = [];
  const perMs = highestPerMinute / 60_000;
  for (let at = fromMs + rng.exponentialMs(perMs); at < toMs; at += rng.exponentialMs(perMs)) {
    if (rng.next() * highestPerMinute < perMinute(at)) times.push(Math.floor(at));
  }
  return times;
}
