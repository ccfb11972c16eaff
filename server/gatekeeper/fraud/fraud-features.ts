/**
 * The velocity features a payment sequence is scored on, modelled on Stripe Radar's: each
 * earns up to its weight in points, growing from where it starts to count to where it earns
 * them all. The score is their sum, at most 100. Weights here are the base weights; decided
 * reviews tune them (tunedWeight).
 */
export const FRAUD_FEATURES = {
  failed_attempts_1h: {
    label: "Failed attempts in an hour",
    weight: 25,
    from: 3,
    full: 10,
    explanation: "Declined attempts within the hour (Radar: declines per card, customer or e-mail per hour).",
  },
  failed_attempts_24h: {
    label: "Failed attempts in a day",
    weight: 20,
    from: 4,
    full: 12,
    explanation: "Declined attempts within 24 hours: a slow run spread out to stay under hourly limits.",
  },
  distinct_cards: {
    label: "Distinct cards",
    weight: 40,
    from: 2,
    /** Three quarters of the points at `knee` cards, the rest from there to `full`: more cards, more points. */
    knee: 6,
    full: 12,
    explanation:
      "Different cards (by fingerprint) tried by one customer or e-mail address within 24 hours (for a billing address: by one customer, or by guests, so an office's many buyers are not one payer).",
  },
  decline_rate: {
    label: "Share declined",
    weight: 15,
    from: 0.5,
    full: 1,
    explanation: "The share of attempts declined within 24 hours, once there are at least 4.",
  },
  decline_mix: {
    label: "Decline codes that test a card",
    weight: 15,
    from: 1,
    full: 3,
    explanation:
      "Declines that tell a tester something about the card (insufficient_funds says it is live; incorrect_cvc, expired_card, incorrect_number say what to fix), and how many different codes: one card failing the same way is a customer, many codes are many cards.",
  },
  small_amounts: {
    label: "Small amounts",
    weight: 15,
    from: 0,
    full: 1,
    explanation: "The share of attempts at or under the small-amount limit (zero-amount card checks included), once there are at least 3.",
  },
  rapid_retries: {
    label: "Rapid retries of one payment method",
    weight: 40,
    from: 1,
    full: 4,
    explanation: "Attempts of the same payment method or payment intent within 10 minutes of a decline of it: probing how retries are handled.",
  },
  success_after_failures: {
    label: "A success after a run of failures",
    weight: 20,
    from: 2,
    full: 6,
    explanation: "A payment that succeeded after several declines within the hour before it: the tester found a card that works.",
  },
} as const;
export type FraudFeature = keyof typeof FRAUD_FEATURES;
export const FRAUD_FEATURE_NAMES = Object.keys(FRAUD_FEATURES) as FraudFeature[];

/** Decline codes that tell a card tester something about the card. */
export const TESTING_DECLINE_CODES = new Set([
  "insufficient_funds",
  "incorrect_cvc",
  "invalid_cvc",
  "incorrect_number",
  "invalid_number",
  "expired_card",
  "invalid_expiry_month",
  "invalid_expiry_year",
  "incorrect_zip",
  "lost_card",
  "stolen_card",
  "pickup_card",
  "card_velocity_exceeded",
]);

/** How far tuning may move a weight from its base: never below half, never above one and a half. */
export const TUNING_BOUNDS = { min: 0.5, max: 1.5 } as const;

/** Decided reviews in which a feature earned points: confirmed (fraud) or dismissed (legitimate). */
export type FeatureTally = { confirmed: number; dismissed: number };

/**
 * A feature's weight after the operators' decisions: once it took part in at least
 * `minDecisions` decided reviews, its base weight times 2 × (confirmed + 1) / (decided + 2)
 * (the Bayesian estimate of its precision, 1 when half were fraud), kept within TUNING_BOUNDS.
 */
export function tunedWeight(base: number, tally: FeatureTally | undefined, minDecisions: number): { weight: number; tuning: string | null } {
  const confirmed = tally?.confirmed ?? 0;
  const dismissed = tally?.dismissed ?? 0;
  const decided = confirmed + dismissed;
  if (decided < minDecisions) return { weight: base, tuning: null };
  const factor = Math.min(TUNING_BOUNDS.max, Math.max(TUNING_BOUNDS.min, (2 * (confirmed + 1)) / (decided + 2)));
  const weight = Math.round(base * factor * 10) / 10;
  const outcome = dismissed >= confirmed ? `${dismissed} of ${decided} decided reviews with this reason were dismissed` : `${confirmed} of ${decided} decided reviews with this reason were confirmed as fraud`;
  return { weight, tuning: `weight ${base} → ${weight} after ${outcome}` };
}
