import { CARD_TESTING_DECLINES, newCard, type CardAttempt, type TestCard } from "@/cli/simulate/card-attempts";
import { stripeId } from "@/cli/simulate/stripe-ids";
import { mulberry32 } from "@/server/gatekeeper/models/mulberry32";

/** A card tester: one customer (or guest e-mail), a new card per attempt, small amounts, mostly declined. */
export function cardTestingRun(options: { start: number; attempts: number; everySeconds: number; customer?: string | null; email?: string | null; amount?: (i: number) => number; succeedEvery?: number }): CardAttempt[] {
  return Array.from({ length: options.attempts }, (_, i) => {
    const succeeded = options.succeedEvery !== undefined && i % options.succeedEvery === options.succeedEvery - 1;
    return {
      created: options.start + i * options.everySeconds,
      card: newCard(i % 3 === 0 ? "mastercard" : "visa"),
      amount: options.amount?.(i) ?? 50 + (i % 4) * 25,
      customer: options.customer ?? null,
      email: options.email ?? null,
      outcome: succeeded ? "succeeded" : "failed",
      declineCode: succeeded ? undefined : CARD_TESTING_DECLINES[i % CARD_TESTING_DECLINES.length],
    };
  });
}

/**
 * Legitimate shoppers: each customer pays one to three times over `spanSeconds`; about one purchase
 * in twelve is declined first (insufficient funds, a typo in the CVC), then paid a minute or five
 * later with the same card or another one.
 */
export function ordinaryShoppers(options: { start: number; spanSeconds: number; customers: number; seed: number }): CardAttempt[] {
  const random = mulberry32(options.seed);
  const attempts: CardAttempt[] = [];
  for (let c = 0; c < options.customers; c++) {
    const customer = stripeId("cus");
    const email = `shopper${options.seed}.${c}@example.com`;
    const cards: TestCard[] = [newCard()];
    const purchases = 1 + Math.floor(random() * 3);
    for (let p = 0; p < purchases; p++) {
      let created = options.start + Math.floor(random() * options.spanSeconds);
      const amount = 1_500 + Math.floor(random() * 20_000);
      const paymentIntent = stripeId("pi");
      if (random() < 1 / 12) {
        attempts.push({ created, card: cards[0]!, amount, customer, email, outcome: "failed", declineCode: random() < 0.5 ? "insufficient_funds" : "incorrect_cvc", paymentIntent });
        created += 60 + Math.floor(random() * 240);
        if (random() < 0.5) cards.push(newCard("mastercard"));
      }
      attempts.push({ created, card: cards.at(-1)!, amount, customer, email, outcome: "succeeded", paymentIntent });
    }
  }
  return attempts.sort((a, b) => a.created - b.created);
}

/**
 * The first of the month: every subscriber's invoice is charged within minutes (merchant-initiated: each
 * payment names its invoice). One company pays twenty invoices on one card; a few cards have expired and
 * fail on every invoice they pay.
 */
export function billingRun(options: { start: number; subscribers: number; seed: number }): CardAttempt[] {
  const random = mulberry32(options.seed);
  const attempts: CardAttempt[] = [];
  const invoice = (created: number, customer: string, card: TestCard, outcome: "succeeded" | "failed", amount: number): CardAttempt => ({
    created,
    card,
    amount,
    customer,
    email: `${customer}@example.com`,
    outcome,
    declineCode: outcome === "failed" ? "expired_card" : undefined,
    invoice: stripeId("in"),
  });
  const company = stripeId("cus");
  const companyCard = newCard("amex");
  for (let i = 0; i < 20; i++) attempts.push(invoice(options.start + i, company, companyCard, "succeeded", 4_900));
  for (let s = 0; s < options.subscribers; s++) {
    const customer = stripeId("cus");
    const card = newCard();
    const expired = random() < 0.15;
    const invoices = expired ? 2 + Math.floor(random() * 3) : 1;
    for (let i = 0; i < invoices; i++) attempts.push(invoice(options.start + Math.floor(random() * 600), customer, card, expired ? "failed" : "succeeded", 1_900 + i * 1_000));
  }
  return attempts.sort((a, b) => a.created - b.created);
}
