import { processStripeEvent } from "./functions/process-stripe-event";
import { scheduledReconciliation } from "./functions/scheduled-reconciliation";
import { scheduledRetentionPurge } from "./functions/scheduled-retention-purge";

/** Every Inngest function Hookwarden serves. */
export const functions = [processStripeEvent, scheduledReconciliation, scheduledRetentionPurge];
