import { FRAUD_FEATURES, TESTING_DECLINE_CODES, tunedWeight, type FeatureTally, type FraudFeature } from "./fraud-features";
import type { PaymentOutcome, PaymentSignal } from "./payment-signal";
import type { ReviewKind } from "./review-kinds";

/** One attempt, merged from every event that told of it (a decline's charge.failed and payment_intent.payment_failed). */
export type Attempt = {
  key: string;
  at: Date;
  outcome: PaymentOutcome;
  customerId: string | null;
  cardHash: string | null;
  paymentMethodId: string | null;
  paymentIntentId: string | null;
  amount: number | null;
  currency: string | null;
  declineCode: string | null;
  merchantInitiated: boolean;
};

/** The subjects a sequence is scored for: whose attempts are counted together. */
export const SUBJECT_KINDS = ["customer", "email", "address", "card"] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export type ScoredReason = {
  feature: FraudFeature;
  label: string;
  /** The measured value (a count, or a share from 0 to 1). */
  value: number;
  /** The value in words: "7 declined of 8". */
  observed: string;
  /** Where the feature starts to count and where it earns its whole weight. */
  threshold: string;
  baseWeight: number;
  weight: number;
  /** How the operators' decisions moved the weight, in words; null while untuned. */
  tuning: string | null;
  points: number;
  explanation: string;
};

export type RiskLevel = "normal" | "elevated" | "highest";

export type SequenceScore = {
  score: number;
  level: RiskLevel;
  kind: ReviewKind;
  /** Only the features that earned points, most points first. */
  reasons: ScoredReason[];
  /** The attempts the score counted (customer-initiated, within 24 hours of `at`): the first one's time. */
  windowStart: Date;
  at: Date;
  attempts: number;
};

export type ScoringSettings = {
  elevated: number;
  highest: number;
  /** At most this many minor units is a small amount. */
  smallAmount: number;
  /** Decided reviews per feature, and how many it takes before they tune its weight. */
  tallies: Partial<Record<FraudFeature, FeatureTally>>;
  minDecisions: number;
};

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const RETRY_WINDOW_MS = 10 * 60_000;

/** Merges signals into attempts (by attempt key), oldest first. */
export function attemptsOf(signals: readonly PaymentSignal[]): Attempt[] {
  const byKey = new Map<string, PaymentSignal[]>();
  for (const signal of signals) byKey.set(signal.attemptKey, [...(byKey.get(signal.attemptKey) ?? []), signal]);
  const attempts = [...byKey.entries()].map(([key, told]): Attempt => {
    const sorted = [...told].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    const first = <K extends keyof PaymentSignal>(field: K): PaymentSignal[K] | null => sorted.find((signal) => signal[field] !== null)?.[field] ?? null;
    return {
      key,
      at: sorted[0]!.occurredAt,
      outcome: sorted.at(-1)!.outcome,
      customerId: first("customerId"),
      cardHash: first("cardHash"),
      paymentMethodId: first("paymentMethodId"),
      paymentIntentId: first("paymentIntentId"),
      amount: first("amount"),
      currency: first("currency"),
      declineCode: first("declineCode"),
      merchantInitiated: sorted.some((signal) => signal.merchantInitiated),
    };
  });
  return attempts.sort((a, b) => a.at.getTime() - b.at.getTime() || a.key.localeCompare(b.key));
}

/** 0 at `from` and below, 1 at `full` and above, linear between. */
function ramp(value: number, from: number, full: number): number {
  if (value <= from) return 0;
  if (value >= full) return 1;
  return (value - from) / (full - from);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const percent = (share: number) => `${Math.round(share * 100)}%`;

/**
 * The most retries of one payment intent, or of one payment method for the same amount, each within
 * 10 minutes of a decline of it. Separate invoices of one customer (different payment intents,
 * usually different amounts) are not retries of each other.
 */
function rapidRetries(attempts: Attempt[]): number {
  let most = 0;
  // One payment intent confirmed again and again; or one payment method (else card) charged the same amount again.
  const sameMethodAndAmount = (a: Attempt) => {
    const method = a.paymentMethodId ?? (a.cardHash ? `card:${a.cardHash}` : null);
    return method ? `${method}|${a.amount ?? ""}|${a.currency ?? ""}` : null;
  };
  for (const keyOf of [(a: Attempt) => a.paymentIntentId, sameMethodAndAmount]) {
    const previous = new Map<string, Attempt>();
    const retries = new Map<string, number>();
    for (const attempt of attempts) {
      const key = keyOf(attempt);
      if (!key) continue;
      const before = previous.get(key);
      if (before && before.outcome === "failed" && attempt.at.getTime() - before.at.getTime() <= RETRY_WINDOW_MS) retries.set(key, (retries.get(key) ?? 0) + 1);
      previous.set(key, attempt);
    }
    most = Math.max(most, ...retries.values(), 0);
  }
  return most;
}

/** The longest run of declines, within the hour before it, that a success ended. */
function failuresBeforeSuccess(attempts: Attempt[]): number {
  let most = 0;
  for (const [index, attempt] of attempts.entries()) {
    if (attempt.outcome !== "succeeded") continue;
    let run = 0;
    for (let i = index - 1; i >= 0; i--) {
      const before = attempts[i]!;
      if (before.outcome !== "failed" || attempt.at.getTime() - before.at.getTime() > HOUR_MS) break;
      run += 1;
    }
    most = Math.max(most, run);
  }
  return most;
}

/**
 * Distinct cards among the attempts. For a billing address, per customer (guests together), the
 * most of any: many people at one office address each paying with their own card are not one payer.
 */
function distinctCards(attempts: Attempt[], subject: SubjectKind): number {
  const byPayer = new Map<string, Set<string>>();
  for (const attempt of attempts) {
    if (!attempt.cardHash) continue;
    const payer = subject === "address" ? (attempt.customerId ?? "guest") : "all";
    byPayer.set(payer, (byPayer.get(payer) ?? new Set()).add(attempt.cardHash));
  }
  return Math.max(0, ...[...byPayer.values()].map((cards) => cards.size));
}

type Measured = { value: number; share: number; observed: string } | null;

/**
 * Scores one subject's attempts as of `at` (Stripe's clock: the newest attempt near the event
 * being processed), 0 to 100 with a reason per feature that earned points. Only what the
 * customer side started counts: an invoice's payment (merchant-initiated) is never an attempt
 * of an attacker, so a billing run with expired cards scores nothing. Pure: same attempts, same score.
 */
export function scorePaymentSequence(all: readonly Attempt[], at: Date, subject: SubjectKind, settings: ScoringSettings): SequenceScore {
  const now = at.getTime();
  const day = all.filter((attempt) => !attempt.merchantInitiated && attempt.at.getTime() <= now && attempt.at.getTime() > now - DAY_MS);
  const hour = day.filter((attempt) => attempt.at.getTime() > now - HOUR_MS);
  const failedDay = day.filter((attempt) => attempt.outcome === "failed");
  const failedHour = hour.filter((attempt) => attempt.outcome === "failed");
  const small = settings.smallAmount;

  const measure: Record<FraudFeature, () => Measured> = {
    failed_attempts_1h: () => ({ value: failedHour.length, share: ramp(failedHour.length, FRAUD_FEATURES.failed_attempts_1h.from, FRAUD_FEATURES.failed_attempts_1h.full), observed: `${plural(failedHour.length, "decline")} within an hour` }),
    failed_attempts_24h: () => ({ value: failedDay.length, share: ramp(failedDay.length, FRAUD_FEATURES.failed_attempts_24h.from, FRAUD_FEATURES.failed_attempts_24h.full), observed: `${plural(failedDay.length, "decline")} within 24 hours` }),
    distinct_cards: () => {
      if (subject === "card") return null;
      const cards = distinctCards(day, subject);
      const { from, knee, full } = FRAUD_FEATURES.distinct_cards;
      return { value: cards, share: 0.75 * ramp(cards, from, knee) + 0.25 * ramp(cards, knee, full), observed: `${plural(cards, "card")} within 24 hours` };
    },
    decline_rate: () => {
      if (day.length < 4) return null;
      const rate = failedDay.length / day.length;
      return { value: rate, share: ramp(rate, FRAUD_FEATURES.decline_rate.from, FRAUD_FEATURES.decline_rate.full), observed: `${failedDay.length} of ${day.length} attempts declined (${percent(rate)})` };
    },
    decline_mix: () => {
      if (failedDay.length < 3) return null;
      const codes = failedDay.map((attempt) => attempt.declineCode);
      const testing = codes.filter((code) => code !== null && TESTING_DECLINE_CODES.has(code)).length / failedDay.length;
      const variety = new Set(codes.filter((code) => code !== null)).size;
      const share = 0.5 * testing + 0.5 * ramp(variety, FRAUD_FEATURES.decline_mix.from, FRAUD_FEATURES.decline_mix.full);
      const named = [...new Set(codes.filter((code) => code !== null))].slice(0, 5).join(", ");
      return { value: testing, share, observed: `${percent(testing)} of declines test the card; ${plural(variety, "code")}${named ? ` (${named})` : ""}` };
    },
    small_amounts: () => {
      const priced = day.filter((attempt) => attempt.amount !== null);
      const smallOnes = priced.filter((attempt) => attempt.amount! <= small).length;
      if (smallOnes < 3) return null;
      const share = smallOnes / priced.length;
      return { value: share, share, observed: `${smallOnes} of ${priced.length} attempts at or under ${small} minor units` };
    },
    rapid_retries: () => {
      const retries = rapidRetries(hour);
      return { value: retries, share: ramp(retries, FRAUD_FEATURES.rapid_retries.from, FRAUD_FEATURES.rapid_retries.full), observed: `${plural(retries, "retry")} of one payment method within 10 minutes of a decline`.replace("retrys", "retries") };
    },
    success_after_failures: () => {
      const run = failuresBeforeSuccess(hour);
      return { value: run, share: ramp(run, FRAUD_FEATURES.success_after_failures.from, FRAUD_FEATURES.success_after_failures.full), observed: `a success after ${plural(run, "decline")} in a row` };
    },
  };

  const reasons: ScoredReason[] = [];
  for (const feature of Object.keys(FRAUD_FEATURES) as FraudFeature[]) {
    const measured = measure[feature]();
    if (!measured || measured.share <= 0) continue;
    const definition = FRAUD_FEATURES[feature];
    const { weight, tuning } = tunedWeight(definition.weight, settings.tallies[feature], settings.minDecisions);
    const points = Math.round(weight * measured.share * 10) / 10;
    if (points <= 0) continue;
    reasons.push({
      feature,
      label: definition.label,
      value: Math.round(measured.value * 1000) / 1000,
      observed: measured.observed,
      threshold: thresholdOf(feature, small),
      baseWeight: definition.weight,
      weight,
      tuning,
      points,
      explanation: definition.explanation,
    });
  }
  reasons.sort((a, b) => b.points - a.points || a.feature.localeCompare(b.feature));
  const score = Math.min(100, Math.round(reasons.reduce((sum, reason) => sum + reason.points, 0)));
  const level: RiskLevel = score >= settings.highest ? "highest" : score >= settings.elevated ? "elevated" : "normal";
  const retries = reasons.find((reason) => reason.feature === "rapid_retries");
  const kind: ReviewKind = retries && retries.points >= (reasons.find((reason) => reason.feature !== "rapid_retries")?.points ?? 0) ? "retry_probing" : "card_testing";
  return { score, level, kind, reasons, windowStart: day[0]?.at ?? at, at, attempts: day.length };
}

function thresholdOf(feature: FraudFeature, small: number): string {
  const definition = FRAUD_FEATURES[feature];
  switch (feature) {
    case "decline_rate":
      return `counts above ${percent(definition.from)} declined (at least 4 attempts); all points at 100%`;
    case "decline_mix":
      return "at least 3 declines; half the points for the share of card-testing codes, half for 3 or more different codes";
    case "distinct_cards":
      return `counts above ${FRAUD_FEATURES.distinct_cards.from}; three quarters of the points at ${FRAUD_FEATURES.distinct_cards.knee}, all at ${FRAUD_FEATURES.distinct_cards.full}`;
    case "small_amounts":
      return `at least 3 attempts at or under ${small} minor units; points by their share`;
    default:
      return `counts above ${definition.from}; all points at ${definition.full}`;
  }
}
