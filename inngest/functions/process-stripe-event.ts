import { NonRetriableError } from "inngest";
import { processLedgerEvent, type ProcessOutcome } from "../../server/processing/process-ledger-event";
import { inngest } from "../client";
import { stripeEventReceived, type StripeEventReceived } from "../events";

/** The subset of Inngest's step tools this function uses; the embedded runner provides the same. */
export type Steps = { run: <T>(id: string, fn: () => Promise<T>) => Promise<unknown> };

/**
 * Processes one recorded event: claim → cross-reference → apply + mark processed in
 * one database transaction (see processLedgerEvent). A transient failure throws so
 * that Inngest retries; a malformed event, or one out of attempts, is `dead` and
 * throws NonRetriableError. The claim is atomic, so a repeated Inngest run, or the
 * embedded runner racing an Inngest worker, does nothing twice.
 */
export async function processStripeEventHandler({ event, step }: { event: { data: StripeEventReceived }; step: Steps }): Promise<ProcessOutcome> {
  const result = (await step.run("process", () => processLedgerEvent(event.data.ledgerEventId))) as ProcessOutcome;
  if (result.outcome === "dead") throw new NonRetriableError(`event ${event.data.stripeEventId} is dead: ${result.error ?? "unknown"}`);
  if (result.outcome === "failed") throw new Error(`processing ${event.data.stripeEventId} failed: ${result.error ?? "unknown"}`);
  return result;
}

export const processStripeEvent = inngest.createFunction(
  {
    id: "process-stripe-event",
    triggers: [stripeEventReceived],
    retries: 5,
    // One customer's events never race (the object's, when there is no customer).
    concurrency: [{ key: "event.data.concurrencyKey", limit: 1 }],
  },
  ({ event, step }) => processStripeEventHandler({ event, step }),
);
