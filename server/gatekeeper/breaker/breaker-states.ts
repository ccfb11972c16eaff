/**
 * A circuit breaker's states. `open`: deliveries of its event types are recorded and acknowledged,
 * their effects held. `half_open`: held events are released a few at a time while the gatekeeper
 * watches for a relapse (which opens it again). `closed`: over; its row stays as history.
 */
export const BREAKER_STATES = ["open", "half_open", "closed"] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

/** The states in which a breaker holds new events of its types. */
export const HOLDING_STATES = ["open", "half_open"] as const satisfies readonly BreakerState[];

/** Who the gatekeeper is, in breaker rows, decisions and event histories. */
export const GATEKEEPER_ACTOR = "gatekeeper";
