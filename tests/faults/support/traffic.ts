/**
 * The load the fault cases send: the processing benchmark's workload (realistic Stripe
 * events, seeded, 5% of deliveries Stripe-style retries of an earlier event) as signed
 * HTTP deliveries at a fixed rate, each answer noted with its time; and Stripe's own
 * retries of whatever was not acknowledged.
 */
import { stripeSignatureHeader } from "../../../cli/simulate/sign";
import type { Workload } from "../../../scripts/bench-processing/workload";
import { AckLedger } from "../../../scripts/bench/fire";
import type { DeliveryKind } from "../../../scripts/bench/request-pool";

export type FaultDelivery = {
  eventId: string;
  body: Buffer;
  /** `first` or `retry` (re-signed with a later `t`, as Stripe retries). */
  kind: DeliveryKind;
};

/** One request's outcome. `status` null: no HTTP answer (connection refused or reset, timeout). */
export type Answer = { at: number; target: string; status: number | null; retryAfter: string | null; error: string | null; delivery: FaultDelivery };

/** Every answer of a case's load, and what intake acknowledged (the bench's AckLedger). */
export class TrafficLog {
  readonly acks = new AckLedger();
  readonly answers: Answer[] = [];
  sent = 0;
  /** Signature timestamps used per event: a retry never repeats one, or it would be an exact replay (which the gatekeeper counts). */
  private readonly signedAt = new Map<string, Set<number>>();

  /** A `t` for this event no earlier delivery of it used: now, or the next free second after it. */
  signatureTimestamp(eventId: string): number {
    const used = this.signedAt.get(eventId) ?? new Set<number>();
    this.signedAt.set(eventId, used);
    let t = Math.floor(Date.now() / 1000);
    while (used.has(t)) t += 1;
    used.add(t);
    return t;
  }

  /** Answers by status (`no answer` for connection errors), optionally only those `where` picks. */
  statusCounts(where: (answer: Answer) => boolean = () => true): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const answer of this.answers.filter(where)) {
      const key = answer.status === null ? `no answer (${answer.error})` : String(answer.status);
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }
}

/** The workload's deliveries in arrival order (each unit's events within seconds, retries later). */
export function workloadDeliveries(workload: Workload): FaultDelivery[] {
  const bodies = workload.events.map((event) => Buffer.from(JSON.stringify(event)));
  return workload.arrival.map((delivery) => ({
    eventId: workload.events[delivery.event]!.id,
    body: bodies[delivery.event]!,
    kind: delivery.attempt === 0 ? "first" : "retry",
  }));
}

/** A request not answered within this long counts as not answered (the machine may be shared and slow; intake answers in milliseconds when it is not). */
const REQUEST_TIMEOUT_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(target: string, delivery: FaultDelivery, signature: string, log: TrafficLog): Promise<void> {
  log.sent += 1;
  let answer: Omit<Answer, "at" | "target" | "delivery">;
  try {
    const response = await fetch(`${target}/api/stripe/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)", "stripe-signature": signature },
      body: new Uint8Array(delivery.body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    log.acks.record({ ...delivery, signature }, response.status, text, "intake");
    answer = { status: response.status, retryAfter: response.headers.get("retry-after"), error: null };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    answer = { status: null, retryAfter: null, error: cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.name) : String(cause) };
  }
  log.answers.push({ at: performance.now(), target, delivery, ...answer });
}

export type SendOptions = {
  deliveries: FaultDelivery[];
  secret: string;
  /** The base URLs a delivery goes to: one, or several at the same moment (each copy re-signed, as a Stripe retry racing the first). */
  route: (delivery: FaultDelivery, index: number) => string[];
  /** Copies of these deliveries share the first copy's signature instead: an exact replay, racing the original. */
  exactReplay?: (delivery: FaultDelivery, index: number) => boolean;
  ratePerSecond: number;
  log: TrafficLog;
  /** Requests allowed in flight at once; past it the sender waits (a slow server slows the load). */
  maxInFlight?: number;
  /** Each runs once, without pausing the load, when the log holds this many answers; the send waits for them at the end. */
  triggers?: { afterAnswers: number; run: () => Promise<void> }[];
};

/**
 * Sends the deliveries at a fixed rate, each signed when it is sent, and resolves when every one is
 * answered (or failed) and every trigger is done, with the time it took and the rate achieved
 * (below the asked rate when the server answers slower than it is sent to).
 */
export async function sendDeliveries(options: SendOptions): Promise<{ seconds: number; perSecond: number; summary: string }> {
  const { log } = options;
  const maxInFlight = options.maxInFlight ?? 32;
  const inFlight = new Set<Promise<void>>();
  const pending = [...(options.triggers ?? [])];
  const running: Promise<void>[] = [];
  const fireTriggers = () => {
    for (const trigger of pending.filter((candidate) => log.answers.length >= candidate.afterAnswers)) {
      pending.splice(pending.indexOf(trigger), 1);
      running.push(trigger.run());
    }
  };
  const started = performance.now();
  const interval = 1000 / options.ratePerSecond;
  for (const [index, delivery] of options.deliveries.entries()) {
    const due = started + index * interval;
    while (performance.now() < due || inFlight.size >= maxInFlight) {
      fireTriggers();
      if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      else await sleep(Math.max(0, due - performance.now()));
    }
    fireTriggers();
    const sign = () => stripeSignatureHeader(delivery.body, options.secret, log.signatureTimestamp(delivery.eventId));
    const signature = sign();
    const replay = options.exactReplay?.(delivery, index) ?? false;
    for (const [copy, target] of options.route(delivery, index).entries()) {
      const sent = copy === 0 ? delivery : { ...delivery, kind: replay ? ("replay" as const) : ("retry" as const) };
      const request = post(target, sent, copy === 0 || replay ? signature : sign(), log).finally(() => inFlight.delete(request));
      inFlight.add(request);
    }
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  fireTriggers();
  await Promise.all(running);
  const perSecond = options.deliveries.length / seconds;
  return { seconds, perSecond, summary: `${count(options.deliveries.length)} deliveries in ${seconds.toFixed(1)} s (${perSecond.toFixed(0)}/s achieved, ${options.ratePerSecond}/s asked)` };
}

/**
 * Stripe's retries: every event of `deliveries` with no 2xx yet is delivered again, re-signed
 * with a later `t`, round after round, until each is acknowledged or the rounds run out.
 * Returns the ids still unacknowledged.
 */
export async function retryUnacknowledged(options: Omit<SendOptions, "triggers"> & { rounds?: number }): Promise<{ resent: number; rounds: number; unacknowledged: string[] }> {
  const firsts = new Map<string, FaultDelivery>();
  for (const delivery of options.deliveries) if (!firsts.has(delivery.eventId)) firsts.set(delivery.eventId, delivery);
  const missing = () => [...firsts.keys()].filter((id) => !options.log.acks.acknowledged.has(id));
  let resent = 0;
  let round = 0;
  while (missing().length > 0 && round < (options.rounds ?? 3)) {
    round += 1;
    if (round > 1) await sleep(1_000);
    const retries = missing().map((id) => ({ ...firsts.get(id)!, kind: "retry" as const }));
    resent += retries.length;
    await sendDeliveries({ ...options, deliveries: retries });
  }
  return { resent, rounds: round, unacknowledged: missing() };
}

/** "1,234" */
export const count = (n: number) => n.toLocaleString("en-US");
