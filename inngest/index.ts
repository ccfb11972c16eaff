import { alertDispatch } from "./functions/alert-dispatch";
import { destinationDispatch } from "./functions/destination-dispatch";
import { processStripeEvent } from "./functions/process-stripe-event";
import { rotationSchedule } from "./functions/rotation-schedule";
import { scheduledReconciliation } from "./functions/scheduled-reconciliation";
import { scheduledRetentionPurge } from "./functions/scheduled-retention-purge";

/** Every Inngest function Hookwarden serves. */
export const functions = [processStripeEvent, scheduledReconciliation, rotationSchedule, scheduledRetentionPurge, alertDispatch, destinationDispatch];
