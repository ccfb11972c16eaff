import { processLedgerEvent } from "../../server/processing/process-ledger-event";
import { inngest } from "../client";
import { stripeEventReceived, type StripeEventReceived } from "../events";

/** The subset of Inngest's step tools this function uses; the embedded runner provides the same. */
export type Steps = { run: <T>(id: string, fn: () => Promise<T>) => Promise<unknown> };

/**
 * Processes one recorded event. The claim inside `processLedgerEvent` is atomic,
 * so a second delivery of the Inngest event, or the embedded runner racing an
 * Inngest worker, finds the event already taken and does nothing.
 */
export async function processStripeEventHandler({ event, step }: { event: { data: StripeEventReceived }; step: Steps }) {
  return step.run("process", () => processLedgerEvent(event.data.ledgerEventId));
}

export const processStripeEvent = inngest.createFunction(
  { id: "process-stripe-event", triggers: [stripeEventReceived], retries: 5 },
  ({ event, step }) => processStripeEventHandler({ event, step }),
);
