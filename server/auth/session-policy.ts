/**
 * How long a console session lasts, in one place. A session ends after an hour
 * without a request (each console request slides it), and 12 hours after sign-in
 * whatever the activity. Either way the user signs in again.
 */
export const SESSION_POLICY = {
  idleSeconds: 60 * 60,
  absoluteSeconds: 12 * 60 * 60,
  /** A session cookie is re-issued (slid) at most this often, not on every request. */
  renewAfterSeconds: 5 * 60,
} as const;
