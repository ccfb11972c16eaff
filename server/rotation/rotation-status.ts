/**
 * A rotation of an endpoint's signing secret. `manual` mirrors Stripe's Dashboard roll:
 * an admin pastes the new secret, the old ones expire after an overlap. `stripe_api`:
 * Hookwarden creates a second Stripe webhook endpoint for the same URL, stores its
 * secret unseen, waits for a delivery verified by it, then deletes the old endpoint.
 */
export const ROTATION_KINDS = ["manual", "stripe_api"] as const;
export type RotationKind = (typeof ROTATION_KINDS)[number];

export const ROTATION_STATUSES = {
  overlap: "Old and new secrets both verify; the old ones expire or are retired.",
  creating: "Creating the new Stripe webhook endpoint and storing its secret.",
  confirming: "Both Stripe endpoints deliver; waiting for a delivery verified by the new secret.",
  completed: "The new secret alone verifies; the old ones are retired.",
  rolled_back: "Undone: the new secret is retired (and its Stripe endpoint deleted); the old ones verify as before.",
  failed: "Stopped by an error before anything changed for Stripe; the old secrets verify as before.",
} as const;
export type RotationStatus = keyof typeof ROTATION_STATUSES;

/** Statuses of a rotation still going on: at most one per endpoint (a partial unique index keeps it so). */
export const OPEN_ROTATION_STATUSES = ["overlap", "creating", "confirming"] as const satisfies readonly RotationStatus[];

export function isOpenRotation(status: string): boolean {
  return (OPEN_ROTATION_STATUSES as readonly string[]).includes(status);
}

/** Stripe keeps a rolled secret valid for at most 24 hours, so an overlap longer than that buys nothing. */
export const MAX_OVERLAP_HOURS = 24;
export const DEFAULT_OVERLAP_HOURS = 24;
