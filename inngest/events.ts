import { eventType, staticSchema } from "inngest";

/** Sent once per recorded Stripe event; the Inngest event id is the Stripe event id (Inngest drops repeats). */
export type StripeEventReceived = {
  ledgerEventId: string;
  stripeEventId: string;
  endpointId: string;
  type: string;
  /** Events with the same key are never processed at once: the Stripe customer, else the object. */
  concurrencyKey: string;
};

export const stripeEventReceived = eventType("stripe/event.received", { schema: staticSchema<StripeEventReceived>() });
