import { processStripeEvent } from "./functions/process-stripe-event";
import { scheduledReconciliation } from "./functions/scheduled-reconciliation";

/** Every Inngest function Hookwarden serves. */
export const functions = [processStripeEvent, scheduledReconciliation];
