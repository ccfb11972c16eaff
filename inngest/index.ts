import { processStripeEvent } from "./functions/process-stripe-event";
import { rotationSchedule } from "./functions/rotation-schedule";
import { scheduledReconciliation } from "./functions/scheduled-reconciliation";

/** Every Inngest function Hookwarden serves. */
export const functions = [processStripeEvent, scheduledReconciliation, rotationSchedule];
