import { describe, expect, it } from "vitest";
import { FRAUD_FEATURES, tunedWeight, type FraudFeature } from "./fraud-features";
import { attemptsOf, scorePaymentSequence, type Attempt, type ScoringSettings, type SubjectKind } from "./score-payment-sequence";
import type { PaymentSignal } from "./payment-signal";

const SETTINGS: ScoringSettings = { elevated: 65, highest: 75, smallAmount: 100, tallies: {}, minDecisions: 5 };
const T0 = Date.parse("2026-11-27T09:00:00Z");
const CODES = ["insufficient_funds", "incorrect_cvc", "card_declined", "generic_decline", "expired_card", "do_not_honor"];

let counter = 0;
/** One customer-initiated attempt, `seconds` after T0. */
function attempt(seconds: number, fields: Partial<Attempt> = {}): Attempt {
  counter += 1;
  return {
    key: `ch_${counter}`,
    at: new Date(T0 + seconds * 1000),
    outcome: "failed",
    customerId: "cus_tester",
    cardHash: `card${counter}`,
    paymentMethodId: `pm_${counter}`,
    paymentIntentId: `pi_${counter}`,
    amount: 2500,
    currency: "usd",
    declineCode: "generic_decline",
    merchantInitiated: false,
    ...fields,
  };
}

const scoreOf = (attempts: Attempt[], subject: SubjectKind = "customer", settings: ScoringSettings = SETTINGS) =>
  scorePaymentSequence(attempts, attempts.reduce((latest, a) => (a.at > latest ? a.at : latest), new Date(T0)), subject, settings);
const pointsOf = (attempts: Attempt[], feature: FraudFeature, subject: SubjectKind = "customer") => scoreOf(attempts, subject).reasons.find((reason) => reason.feature === feature)?.points ?? 0;

/** The number of attempts after which the sequence first scores `elevated`, or null. */
function detectedAfter(attempts: Attempt[], subject: SubjectKind = "customer"): number | null {
  for (let n = 1; n <= attempts.length; n++) if (scoreOf(attempts.slice(0, n), subject).score >= SETTINGS.elevated) return n;
  return null;
}

describe("scoring a payment sequence", () => {
  it("card testing (small declines across many cards, a few going through) is elevated well within 20 attempts, and highest by the end", () => {
    const run = Array.from({ length: 20 }, (_, i) =>
      attempt(i * 30, { amount: 50 + (i % 3) * 25, outcome: i % 7 === 6 ? "succeeded" : "failed", declineCode: i % 7 === 6 ? null : CODES[i % CODES.length]! }),
    );
    const after = detectedAfter(run);
    expect(after).not.toBeNull();
    expect(after!).toBeLessThanOrEqual(8);
    const final = scoreOf(run);
    expect(final).toMatchObject({ level: "highest", kind: "card_testing" });
    expect(final.reasons.map((reason) => reason.feature)).toEqual(expect.arrayContaining(["distinct_cards", "small_amounts", "decline_mix", "decline_rate", "failed_attempts_1h"]));
    for (const reason of final.reasons) {
      expect(reason.points).toBeGreaterThan(0);
      expect(reason.points).toBeLessThanOrEqual(reason.weight);
      expect(reason.observed).not.toBe("");
      expect(reason.threshold).not.toBe("");
    }
  });

  it("retry probing (one payment method retried within seconds) is elevated as retry_probing, even at ordinary amounts", () => {
    const run = Array.from({ length: 8 }, (_, i) => attempt(i * 40, { cardHash: "one-card", paymentMethodId: "pm_probe", paymentIntentId: "pi_probe", amount: 4900, declineCode: "card_declined" }));
    const after = detectedAfter(run);
    expect(after).not.toBeNull();
    expect(after!).toBeLessThanOrEqual(6);
    expect(scoreOf(run)).toMatchObject({ kind: "retry_probing" });
    expect(scoreOf(run).reasons[0]!.feature).toBe("rapid_retries");
    // The same payment method for new payment intents of the same amount is retrying it too.
    const fresh = Array.from({ length: 8 }, (_, i) => attempt(i * 40, { cardHash: "one-card", paymentMethodId: "pm_probe", amount: 4900, declineCode: "card_declined" }));
    expect(scoreOf(fresh)).toMatchObject({ kind: "retry_probing", level: expect.stringMatching(/elevated|highest/) });
  });

  it("a slow run (one attempt every 10 minutes with a new card, ordinary amounts) is elevated within hours", () => {
    const run = Array.from({ length: 36 }, (_, i) => attempt(i * 600, { amount: 1800 + i, outcome: i % 5 === 4 ? "succeeded" : "failed", declineCode: i % 5 === 4 ? null : CODES[i % CODES.length]! }));
    const after = detectedAfter(run);
    expect(after).not.toBeNull();
    expect(after!).toBeLessThanOrEqual(18); // three hours at most
    // Per card it is one attempt each: nothing to see there, which is why the customer and e-mail are scored too.
    expect(scoreOf(run.filter((a) => a.cardHash === run[5]!.cardHash), "card").score).toBe(0);
  });

  it("each feature moves the score", () => {
    const cases: [FraudFeature, Attempt[], Attempt[]][] = [
      ["failed_attempts_1h", Array.from({ length: 8 }, (_, i) => attempt(i * 300, { cardHash: "c" })), Array.from({ length: 3 }, (_, i) => attempt(i * 300, { cardHash: "c" }))],
      ["failed_attempts_24h", Array.from({ length: 10 }, (_, i) => attempt(i * 7200, { cardHash: "c" })), Array.from({ length: 4 }, (_, i) => attempt(i * 7200, { cardHash: "c" }))],
      ["distinct_cards", Array.from({ length: 5 }, (_, i) => attempt(i * 600, { outcome: "succeeded", declineCode: null })), Array.from({ length: 5 }, (_, i) => attempt(i * 600, { outcome: "succeeded", declineCode: null, cardHash: "c" }))],
      ["decline_rate", Array.from({ length: 4 }, (_, i) => attempt(i * 600, { cardHash: "c" })), Array.from({ length: 4 }, (_, i) => attempt(i * 600, { cardHash: "c", outcome: i < 2 ? "failed" : "succeeded" }))],
      ["decline_mix", Array.from({ length: 3 }, (_, i) => attempt(i * 600, { cardHash: "c", declineCode: CODES[i]! })), Array.from({ length: 3 }, (_, i) => attempt(i * 600, { cardHash: "c", declineCode: "generic_decline" }))],
      ["small_amounts", Array.from({ length: 3 }, (_, i) => attempt(i * 600, { cardHash: "c", outcome: "succeeded", amount: 100 })), Array.from({ length: 3 }, (_, i) => attempt(i * 600, { cardHash: "c", outcome: "succeeded", amount: 101 }))],
      ["rapid_retries", Array.from({ length: 4 }, (_, i) => attempt(i * 60, { cardHash: "c", paymentIntentId: "pi_same" })), Array.from({ length: 4 }, (_, i) => attempt(i * 60, { cardHash: "c" }))],
      [
        "success_after_failures",
        [...Array.from({ length: 5 }, (_, i) => attempt(i * 60, { cardHash: "c" })), attempt(400, { cardHash: "c", outcome: "succeeded", declineCode: null })],
        [...Array.from({ length: 5 }, (_, i) => attempt(i * 60, { cardHash: "c" })), attempt(400 + 7200, { cardHash: "c", outcome: "succeeded", declineCode: null })],
      ],
    ];
    for (const [feature, withIt, without] of cases) {
      expect(pointsOf(withIt, feature), feature).toBeGreaterThan(0);
      expect(pointsOf(without, feature), feature).toBe(0);
      expect(scoreOf(withIt).score, feature).toBeGreaterThan(scoreOf(without).score);
    }
    expect(Object.keys(FRAUD_FEATURES).sort()).toEqual(cases.map(([feature]) => feature).sort());
  });

  it("a card's own sequence is not scored on distinct cards", () => {
    const run = Array.from({ length: 5 }, (_, i) => attempt(i * 600, { outcome: "succeeded", declineCode: null }));
    expect(pointsOf(run, "distinct_cards", "card")).toBe(0);
  });
});

describe("legitimate patterns stay below the review threshold", () => {
  it("one customer paying many invoices at the start of the month, some of them with an expired card", () => {
    const paid = Array.from({ length: 20 }, (_, i) => attempt(i * 2, { outcome: "succeeded", declineCode: null, cardHash: "company-card", paymentMethodId: "pm_company", amount: 4900, merchantInitiated: true }));
    const expired = Array.from({ length: 6 }, (_, i) => attempt(60 + i, { cardHash: "old-card", paymentMethodId: "pm_old", amount: 4900, declineCode: "expired_card", merchantInitiated: true }));
    expect(scoreOf([...paid, ...expired]).score).toBe(0);
    // Even unmarked as invoices: separate payment intents of different amounts are not retries of each other.
    const unmarked = Array.from({ length: 6 }, (_, i) => attempt(60 + i, { cardHash: "old-card", paymentMethodId: "pm_old", amount: 1900 + i * 1000, declineCode: "expired_card" }));
    expect(scoreOf(unmarked).score).toBeLessThan(SETTINGS.elevated);
  });

  it("one decline, then a success with the same card or another", () => {
    expect(scoreOf([attempt(0, { cardHash: "a", declineCode: "insufficient_funds" }), attempt(90, { cardHash: "a", outcome: "succeeded", declineCode: null })]).score).toBeLessThan(20);
    expect(scoreOf([attempt(0, { cardHash: "a", declineCode: "insufficient_funds" }), attempt(90, { cardHash: "b", outcome: "succeeded", declineCode: null })]).score).toBeLessThan(20);
  });

  it("a customer whose cards are maxed out tries three of them, then a fourth works", () => {
    const tries = [0, 60, 120].map((s, i) => attempt(s, { cardHash: `maxed${i}`, declineCode: "insufficient_funds", amount: 12_900 }));
    expect(scoreOf([...tries, attempt(200, { cardHash: "works", outcome: "succeeded", declineCode: null, amount: 12_900 })]).score).toBeLessThan(SETTINGS.elevated);
  });

  it("a frustrated customer clicks Pay three times on a declined card", () => {
    expect(scoreOf([0, 5, 12].map((s) => attempt(s, { cardHash: "c", paymentIntentId: "pi_one", declineCode: "insufficient_funds" }))).score).toBeLessThan(SETTINGS.elevated);
  });

  it("Black Friday: one customer buys six gifts in an hour, and a household shares an e-mail address across three cards", () => {
    expect(scoreOf(Array.from({ length: 6 }, (_, i) => attempt(i * 500, { cardHash: "c", outcome: "succeeded", declineCode: null }))).score).toBe(0);
    expect(scoreOf([0, 3600, 7200].map((s, i) => attempt(s, { cardHash: `family${i}`, outcome: "succeeded", declineCode: null })), "email").score).toBeLessThan(20);
  });

  it("a retry burst of old events: what counts is Stripe's created, so an afternoon of ordinary payments is still ordinary", () => {
    // Stripe redelivers three hours of one customer's payments at once after our downtime; created is spread out as it happened.
    const afternoon = Array.from({ length: 12 }, (_, i) => attempt(i * 900, { cardHash: "c", paymentMethodId: "pm_c", outcome: i === 4 ? "failed" : "succeeded", declineCode: i === 4 ? "insufficient_funds" : null, amount: 2000 + i * 100 }));
    expect(scoreOf(afternoon).score).toBeLessThan(20);
  });
});

describe("tuning by decisions", () => {
  it("moves a weight by the reviews' outcomes, within half and one and a half times, only once there are enough", () => {
    expect(tunedWeight(25, { confirmed: 2, dismissed: 2 }, 5)).toEqual({ weight: 25, tuning: null });
    expect(tunedWeight(25, { confirmed: 2, dismissed: 7 }, 5)).toEqual({ weight: 13.6, tuning: "weight 25 → 13.6 after 7 of 9 decided reviews with this reason were dismissed" });
    expect(tunedWeight(25, { confirmed: 0, dismissed: 40 }, 5).weight).toBe(12.5);
    expect(tunedWeight(25, { confirmed: 40, dismissed: 0 }, 5).weight).toBe(37.5);
    expect(tunedWeight(20, { confirmed: 6, dismissed: 1 }, 5).tuning).toBe("weight 20 → 30 after 6 of 7 decided reviews with this reason were confirmed as fraud");
    expect(tunedWeight(20, { confirmed: 4, dismissed: 3 }, 5).weight).toBe(22.2);
  });

  it("a reason dismissed again and again earns fewer points, and says why", () => {
    const run = Array.from({ length: 8 }, (_, i) => attempt(i * 40, { cardHash: "one-card", paymentIntentId: "pi_probe", amount: 4900, declineCode: "card_declined" }));
    const before = scoreOf(run);
    const after = scoreOf(run, "customer", { ...SETTINGS, tallies: { rapid_retries: { confirmed: 1, dismissed: 8 } } });
    const retriesBefore = before.reasons.find((reason) => reason.feature === "rapid_retries")!;
    const retriesAfter = after.reasons.find((reason) => reason.feature === "rapid_retries")!;
    expect(retriesBefore).toMatchObject({ weight: 40, baseWeight: 40, tuning: null });
    expect(retriesAfter).toMatchObject({ baseWeight: 40, weight: 20, tuning: "weight 40 → 20 after 8 of 9 decided reviews with this reason were dismissed" });
    expect(after.score).toBeLessThan(before.score);
  });
});

describe("attempts from signals", () => {
  it("a decline told by charge.failed and payment_intent.payment_failed is one attempt, with what each knew", () => {
    const at = new Date(T0);
    const base: PaymentSignal = {
      eventType: "charge.failed",
      occurredAt: at,
      attemptKey: "ch_1",
      outcome: "failed",
      customerId: "cus_1",
      cardHash: "card",
      emailHash: null,
      addressHash: null,
      cardBrand: "visa",
      cardLast4: "4242",
      paymentMethodId: null,
      paymentIntentId: "pi_1",
      amount: 100,
      currency: "usd",
      declineCode: null,
      merchantInitiated: false,
    };
    const attempts = attemptsOf([base, { ...base, eventType: "payment_intent.payment_failed", occurredAt: new Date(T0 + 1000), cardHash: null, paymentMethodId: "pm_1", declineCode: "incorrect_cvc" }]);
    expect(attempts).toEqual([expect.objectContaining({ key: "ch_1", at, cardHash: "card", paymentMethodId: "pm_1", declineCode: "incorrect_cvc", outcome: "failed" })]);
  });
});

describe("a billing address", () => {
  it("counts the cards of one payer (or of guests), not of everyone in an office", () => {
    const office = Array.from({ length: 12 }, (_, i) => attempt(i * 200, { customerId: `cus_employee${i}`, outcome: i % 3 === 0 ? "failed" : "succeeded", declineCode: i % 3 === 0 ? CODES[i % CODES.length]! : null }));
    expect(pointsOf(office, "distinct_cards", "address")).toBe(0);
    expect(scoreOf(office, "address").score).toBeLessThan(SETTINGS.elevated);
    const guests = office.map((one) => ({ ...one, customerId: null }));
    expect(pointsOf(guests, "distinct_cards", "address")).toBe(40);
  });
});
