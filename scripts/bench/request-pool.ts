/**
 * The benchmark's traffic: realistic signed Stripe deliveries, generated before a
 * run so that building and signing them does not compete with the server for CPU.
 *
 * Every entry is one HTTP request body and its `Stripe-Signature` header. Most are
 * first deliveries of a distinct event (Checkout payments, declined cards and
 * subscription lifecycles from our own fixtures, in Stripe's order). Exactly one in
 * 20 (5%) is a duplicate of an event sent 500 to 5,000 requests earlier, so that
 * its first delivery has long been answered: half are exact replays (same body,
 * same header), half are Stripe-style retries (same body, re-signed with a later t).
 */
import {
  checkoutPaymentEvents,
  failedPaymentEvents,
  subscriptionLifecycleEvents,
  type StripeEventJson,
} from "../../cli/simulate/stripe-events";
import { stripeSignatureHeader } from "../../cli/simulate/sign";

export type DeliveryKind = "first" | "replay" | "retry";

export type PooledRequest = {
  eventId: string;
  body: Buffer;
  signature: string;
  kind: DeliveryKind;
};

/** Every DUPLICATE_EVERY-th request is a duplicate: 1 in 20 = 5%. */
export const DUPLICATE_EVERY = 20;
/** A duplicate repeats an event sent between these many requests earlier. */
const DUPLICATE_MIN_LAG = 500;
const DUPLICATE_MAX_LAG = 5_000;

const FLOWS: (() => StripeEventJson[])[] = [checkoutPaymentEvents, checkoutPaymentEvents, failedPaymentEvents, subscriptionLifecycleEvents];

const unixNow = () => Math.floor(Date.now() / 1000);
const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

export class RequestPool {
  private readonly entries: PooledRequest[] = [];
  private pendingEvents: StripeEventJson[] = [];
  private flowIndex = 0;
  private cursor = 0;
  /** Requests that had to be built during a run because the pool ran dry (should stay 0). */
  builtDuringRun = 0;

  constructor(private readonly secret: string) {}

  /** Entries not handed out yet. */
  get remaining(): number {
    return this.entries.length - this.cursor;
  }

  /** Entries handed out so far. */
  get taken(): number {
    return this.cursor;
  }

  /** Builds and signs entries until at least `count` are waiting to be sent. */
  fill(count: number): void {
    while (this.remaining < count) this.entries.push(this.build(this.entries.length));
  }

  /** The next request to send, in pool order (builds one on the spot if the pool is empty). */
  take(): PooledRequest {
    if (this.remaining === 0) {
      this.builtDuringRun += 1;
      this.fill(1);
    }
    return this.entries[this.cursor++]!;
  }

  private build(index: number): PooledRequest {
    if (index % DUPLICATE_EVERY === DUPLICATE_EVERY - 1 && index >= DUPLICATE_MIN_LAG) return this.duplicate(index);
    const event = this.nextEvent();
    const body = Buffer.from(JSON.stringify(event), "utf8");
    return { eventId: event.id, body, signature: stripeSignatureHeader(body, this.secret, unixNow()), kind: "first" };
  }

  /** A repeat of an earlier first delivery: an exact replay, or a retry re-signed with a later t. */
  private duplicate(index: number): PooledRequest {
    let source = randomInt(Math.max(0, index - DUPLICATE_MAX_LAG), index - DUPLICATE_MIN_LAG);
    // Duplicates sit at every 20th place, so the entry just before one is always a first delivery.
    if (this.entries[source]!.kind !== "first") source -= 1;
    const original = this.entries[source]!;
    if (Math.floor(index / DUPLICATE_EVERY) % 2 === 0) return { ...original, kind: "replay" };
    const t = Number(/^t=(\d+)/.exec(original.signature)![1]) + 1;
    return { ...original, signature: stripeSignatureHeader(original.body, this.secret, t), kind: "retry" };
  }

  private nextEvent(): StripeEventJson {
    if (this.pendingEvents.length === 0) {
      this.pendingEvents = FLOWS[this.flowIndex % FLOWS.length]!();
      this.flowIndex += 1;
    }
    return this.pendingEvents.shift()!;
  }
}
