/** A destination is `active` (deliveries are sent) or `paused` (deliveries wait, none is lost). */
export const DESTINATION_STATES = ["active", "paused"] as const;
export type DestinationState = (typeof DESTINATION_STATES)[number];

/** A delivery waits (`pending`, retried with backoff), was accepted (`delivered`), or ran out of time (`dead`). */
export const DELIVERY_STATUSES = ["pending", "delivered", "dead"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** What one attempt came to: `refused` means the destination's address may not be reached (no request was sent). */
export const ATTEMPT_OUTCOMES = ["delivered", "failed", "timeout", "refused"] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** The reason an automatic pause records; an operator's pause records theirs. */
export const AUTO_PAUSE_REASON = "paused automatically: every attempt failed";
