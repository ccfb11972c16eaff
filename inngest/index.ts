import { processStripeEvent } from "./functions/process-stripe-event";

/** Every Inngest function Hookwarden serves. */
export const functions = [processStripeEvent];
