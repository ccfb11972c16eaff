import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardAttemptEvents, newCard, type CardAttempt } from "@/cli/simulate/card-attempts";
import { stripeId } from "@/cli/simulate/stripe-ids";
import { apiPost } from "@/tests/support/api";
import { booksFixture } from "@/tests/support/books";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { cardTestingRun } from "@/tests/support/payment-traffic";
import { settleEvents } from "@/tests/support/settle";
import { disconnect, prisma } from "../../db";
import type { ScoredReason } from "./score-payment-sequence";

// The tallies that tune the weights are every decided review's: this file has a database of its own.
beforeAll(() => useFreshDatabase("fraud_tuning"), 60_000);
afterAll(() => disconnect());

const now = () => Math.floor(Date.now() / 1000);

/** One customer retrying one payment intent `attempts` times, 40 seconds apart: retry probing. */
function probing(attempts: number): CardAttempt[] {
  const customer = stripeId("cus");
  const card = newCard();
  const paymentIntent = stripeId("pi");
  const start = now() - 1_200;
  return Array.from({ length: attempts }, (_, i) => ({ created: start + i * 40, card, amount: 4_900, customer, outcome: "failed", declineCode: "generic_decline", paymentIntent }));
}

/** A card tester re-confirming one payment intent with a new card each time, for small amounts. */
function cardTestingOnOneIntent(attempts: number): CardAttempt[] {
  const paymentIntent = stripeId("pi");
  return cardTestingRun({ start: now() - 1_200, attempts, everySeconds: 40, customer: stripeId("cus") }).map((attempt) => ({ ...attempt, paymentIntent }));
}

describe("operators' decisions tune the weights", () => {
  it("a reason dismissed in review after review weighs less, within its bounds; confirmations pull it back; the explanation says so", async () => {
    const books = await booksFixture();
    const endpoint = await prisma().endpoint.findUniqueOrThrow({ where: { name: books.endpoint.name } });
    const openItems = () => prisma().reviewItem.findMany({ where: { endpointId: endpoint.id, status: "open" } });
    const sendAll = async (attempts: CardAttempt[]) => {
      const events = attempts.flatMap(cardAttemptEvents);
      await books.send(events);
      await settleEvents(books.endpoint.name, events.map((event) => event.id), 60_000);
      return openItems();
    };
    const decide = async (id: string, decision: "confirm" | "dismiss", reason: string) => expect((await apiPost(`/api/v1/reviews/${id}/${decision}`, books.operator, { reason })).status).toBe(200);
    const reasonOf = (item: { reasons: unknown }, feature: string) => (item.reasons as ScoredReason[]).find((reason) => reason.feature === feature);

    // Retry probing opens a review; five of them are dismissed (the merchant's own retry job, say).
    for (let i = 0; i < 5; i++) {
      const [item] = await sendAll(probing(12));
      expect(reasonOf(item!, "rapid_retries")).toMatchObject({ baseWeight: 40, weight: 40, tuning: null, points: 40 });
      await decide(item!.id, "dismiss", "our own nightly retry job");
    }
    // The same pattern no longer opens one: every reason it had now weighs half.
    expect(await sendAll(probing(12))).toEqual([]);

    // A card tester who also re-confirms one payment intent still opens one; the explanation says which weights moved and why.
    const [tested] = await sendAll(cardTestingOnOneIntent(12));
    expect(reasonOf(tested!, "rapid_retries")).toMatchObject({ baseWeight: 40, weight: 20, points: 20, tuning: "weight 40 → 20 after 5 of 5 decided reviews with this reason were dismissed" });
    expect(reasonOf(tested!, "failed_attempts_1h")).toMatchObject({ baseWeight: 25, weight: 12.5 });
    expect(reasonOf(tested!, "distinct_cards")).toMatchObject({ baseWeight: 40, weight: 40, tuning: null });
    const decision = await prisma().gatekeeperDecision.findFirstOrThrow({ where: { kind: "review_opened", subject: `review:${tested!.id}` } });
    expect(JSON.stringify(decision.explanation)).toContain("weight 40 → 20 after 5 of 5");

    // Confirmations pull it back up: 3 confirmed of 8 decided gives 2 × 4 / 10 = 0.8 of the base weight.
    await decide(tested!.id, "confirm", "card testing, confirmed");
    for (let i = 0; i < 2; i++) await decide((await sendAll(cardTestingOnOneIntent(12)))[0]!.id, "confirm", "card testing, confirmed");
    const [later] = await sendAll(cardTestingOnOneIntent(12));
    expect(reasonOf(later!, "rapid_retries")).toMatchObject({ weight: 32, tuning: "weight 40 → 32 after 5 of 8 decided reviews with this reason were dismissed" });
    expect(reasonOf(later!, "distinct_cards")).toMatchObject({ weight: 40, tuning: null });
  }, 240_000);
});
