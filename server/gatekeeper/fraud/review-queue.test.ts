import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cardAttemptEvents, newCard, type CardAttempt } from "@/cli/simulate/card-attempts";
import type { StripeEventJson } from "@/cli/simulate/stripe-events";
import { stripeId } from "@/cli/simulate/stripe-ids";
import { apiGet, apiPost } from "@/tests/support/api";
import { booksFixture } from "@/tests/support/books";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { deliver, signedDelivery } from "@/tests/support/intake";
import { billingRun, cardTestingRun, ordinaryShoppers } from "@/tests/support/payment-traffic";
import { settleEvents } from "@/tests/support/settle";
import { cliContext } from "@/tests/support/users";
import { createApiKey } from "../../auth/create-api-key";
import { eraseCustomerData } from "../../customers/erase-customer-data";
import { disconnect, pool, prisma } from "../../db";
import { reloadEnv } from "../../env";

// Review items, decisions and the tallies that tune weights are about whole tables: this file has a database of its own.
beforeAll(() => useFreshDatabase("fraud_reviews"), 60_000);
afterAll(() => disconnect());

type Books = Awaited<ReturnType<typeof booksFixture>>;
const now = () => Math.floor(Date.now() / 1000);

/** Sends the attempts' events through the real intake, in order, and lets processing settle them. */
async function send(books: Books, attempts: CardAttempt[]): Promise<StripeEventJson[]> {
  const events = attempts.flatMap(cardAttemptEvents);
  await books.send(events);
  await settleEvents(books.endpoint.name, events.map((event) => event.id), 60_000);
  return events;
}

async function reviewsOf(books: Books) {
  const endpoint = await prisma().endpoint.findUniqueOrThrow({ where: { name: books.endpoint.name } });
  return prisma().reviewItem.findMany({ where: { endpointId: endpoint.id }, orderBy: { openedAt: "asc" } });
}

async function statusOf(books: Books, stripeEventId: string) {
  return prisma().stripeEvent.findFirstOrThrow({ where: { stripeEventId, endpoint: { name: books.endpoint.name } }, select: { status: true, heldRef: true, holdReleasedAt: true } });
}

function withEnv(values: Record<string, string>): () => void {
  const before = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  Object.assign(process.env, values);
  reloadEnv();
  return () => {
    for (const [key, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    reloadEnv();
  };
}

const viewerKey = async () => (await createApiKey({ name: `viewer-${randomBytes(3).toString("hex")}`, role: "viewer" }, cliContext)).key;

describe("card testing, retry probing and slow runs open a review item", () => {
  it("card testing (small declines across many cards) opens one within 20 attempts, with its reasons, its timeline and a review_opened decision", async () => {
    const books = await booksFixture();
    const customer = stripeId("cus");
    const run = cardTestingRun({ start: now() - 1_800, attempts: 20, everySeconds: 45, customer, email: "tester@example.com", succeedEvery: 7 });
    let openedAfter: number | null = null;
    for (const [index, attempt] of run.entries()) {
      await send(books, [attempt]);
      if ((await reviewsOf(books)).length > 0) {
        openedAfter = index + 1;
        break;
      }
    }
    expect(openedAfter).not.toBeNull();
    expect(openedAfter!).toBeLessThanOrEqual(20);

    const [item] = await reviewsOf(books);
    expect(item).toMatchObject({ kind: "card_testing", subject: `customer:${customer}`, status: "open", customerId: customer, subjectLabel: `customer ${customer}` });
    expect(item!.score).toBeGreaterThanOrEqual(65);
    expect(item!.subjects).toContain(`customer:${customer}`);

    const viewer = await viewerKey();
    const shown = await apiGet(`/api/v1/reviews/${item!.id}`, viewer);
    expect(shown.status).toBe(200);
    const detail = shown.body as { reasons: { feature: string; points: number; observed: string; weight: number }[]; timeline: { stripeEventId: string; outcome: string; card: string; cardTag: string; declineCode: string | null; amount: number }[]; level: string };
    expect(detail.reasons.map((reason) => reason.feature)).toEqual(expect.arrayContaining(["distinct_cards", "small_amounts"]));
    const sent = run.slice(0, openedAfter!).flatMap((attempt) => attempt);
    expect(detail.timeline).toHaveLength(sent.length * 2);
    expect(detail.timeline[0]).toMatchObject({ outcome: "failed", card: `${sent[0]!.card.brand} ••••${sent[0]!.card.last4}`, declineCode: sent[0]!.declineCode, amount: sent[0]!.amount });
    expect(new Set(detail.timeline.map((entry) => entry.cardTag)).size).toBe(sent.length);
    // Masked for everyone: no fingerprint, no e-mail address, in the answer or in the signals.
    const text = JSON.stringify(shown.body);
    for (const attempt of sent) expect(text).not.toContain(attempt.card.fingerprint);
    expect(text).not.toContain("tester@example.com");
    const stored = JSON.stringify((await pool().query(`SELECT * FROM payment_signal WHERE customer_id = $1`, [customer])).rows);
    expect(stored).not.toContain("tester@example.com");
    for (const attempt of sent) expect(stored).not.toContain(attempt.card.fingerprint);

    const decision = await prisma().gatekeeperDecision.findFirstOrThrow({ where: { kind: "review_opened", subject: `review:${item!.id}` } });
    expect(decision.summary).toMatch(/^card testing on customer cus_\w+: score \d+/);
    expect(decision.explanation).toMatchObject({ review: item!.id, score: item!.score, reasons: expect.any(Array) });

    // A data-subject erasure drops even the keyed hash of the customer's e-mail address.
    expect(await prisma().paymentSignal.count({ where: { customerId: customer, emailHash: { not: null } } })).toBe(sent.length * 2);
    await eraseCustomerData({ customerId: customer, reason: "GDPR request #77" }, cliContext);
    expect(await prisma().paymentSignal.count({ where: { customerId: customer, emailHash: { not: null } } })).toBe(0);
  }, 120_000);

  it("more of the same attack refreshes the open item: still one per subject, with a later timeline end", async () => {
    const books = await booksFixture();
    const customer = stripeId("cus");
    const run = cardTestingRun({ start: now() - 1_800, attempts: 14, everySeconds: 30, customer, email: "again@example.com" });
    await send(books, run.slice(0, 10));
    const [first] = await reviewsOf(books);
    await send(books, run.slice(10));
    const items = await reviewsOf(books);
    expect(items).toHaveLength(1);
    expect(items[0]!.id).toBe(first!.id);
    expect(items[0]!.lastSignalAt.getTime()).toBeGreaterThan(first!.lastSignalAt.getTime());
    // The e-mail address took part too: it is covered by the same item, not given one of its own.
    expect(items[0]!.subjects.some((subject) => subject.startsWith("email:"))).toBe(true);
  }, 120_000);

  it("retry probing (one payment method retried within seconds) opens a retry_probing item", async () => {
    const books = await booksFixture();
    const customer = stripeId("cus");
    const card = newCard();
    const paymentIntent = stripeId("pi");
    const start = now() - 900;
    await send(books, Array.from({ length: 8 }, (_, i): CardAttempt => ({ created: start + i * 40, card, amount: 4_900, customer, outcome: "failed", declineCode: "generic_decline", paymentIntent })));
    const items = await reviewsOf(books);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: "retry_probing", customerId: customer });
    expect((items[0]!.reasons as { feature: string }[])[0]!.feature).toBe("rapid_retries");
  }, 120_000);

  it("a slow run (a new card every 10 minutes for hours, one guest e-mail) hidden in ordinary traffic opens one item, and only that one", async () => {
    const books = await booksFixture();
    const start = now() - 7 * 3_600;
    // The tester varies the address with +tags; they are one address.
    const slow = cardTestingRun({ start, attempts: 36, everySeconds: 600, email: "slow.tester@example.com", amount: (i) => 1_500 + i * 10, succeedEvery: 5 }).map((attempt, i) => ({
      ...attempt,
      email: `slow.tester+${i}@example.com`,
    }));
    const shoppers = ordinaryShoppers({ start, spanSeconds: 6 * 3_600, customers: 30, seed: 7 });
    await send(books, [...slow, ...shoppers].sort((a, b) => a.created - b.created));
    const items = await reviewsOf(books);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: "card_testing", status: "open" });
    expect(items[0]!.subject).toMatch(/^email:[0-9a-f]{32}$/);
    expect(items[0]!.subjectLabel).toMatch(/^e-mail address #[0-9a-f]{6}$/);
    // Detected while the run went on, not only at its end.
    expect(items[0]!.windowStart.getTime()).toBeLessThan(items[0]!.lastSignalAt.getTime());
    const decision = await prisma().gatekeeperDecision.findFirstOrThrow({ where: { subject: `review:${items[0]!.id}` } });
    expect((decision.explanation as { attempts: number }).attempts).toBeLessThan(36);
  }, 180_000);
});

describe("legitimate traffic opens no review item", () => {
  it("an ordinary day, a first-of-month billing run, a Black Friday ramp and Stripe's retry burst after our downtime", async () => {
    const books = await booksFixture();
    const dayStart = now() - 30 * 3_600;
    const day = ordinaryShoppers({ start: dayStart, spanSeconds: 20 * 3_600, customers: 40, seed: 1 });
    const billing = billingRun({ start: dayStart + 2 * 3_600, subscribers: 40, seed: 2 });
    // Black Friday: ten times the shoppers of an ordinary hour, within one hour.
    const blackFriday = ordinaryShoppers({ start: now() - 8 * 3_600, spanSeconds: 3_600, customers: 60, seed: 3 });
    const beforeDowntime = ordinaryShoppers({ start: now() - 4 * 3_600, spanSeconds: 3 * 3_600, customers: 20, seed: 4 });
    await send(books, [...day, ...billing, ...blackFriday].sort((a, b) => a.created - b.created));
    // Our downtime: Stripe created these over three hours and retries them all at once, with fresh signatures.
    const burst = await send(books, beforeDowntime);
    for (const event of burst.slice(0, 20)) expect((await deliver(signedDelivery(event, books.endpoint.name, books.endpoint.secret, now() + 1))).status).toBe(200);
    await settleEvents(books.endpoint.name, burst.map((event) => event.id));

    expect(await reviewsOf(books)).toEqual([]);
    const endpoint = await prisma().endpoint.findUniqueOrThrow({ where: { name: books.endpoint.name } });
    const events = [...day, ...billing, ...blackFriday, ...beforeDowntime].length * 2;
    // One signal per event, however many times it was delivered.
    expect(await prisma().paymentSignal.count({ where: { endpointId: endpoint.id } })).toBe(events);
    expect(await prisma().paymentSignal.count({ where: { endpointId: endpoint.id, merchantInitiated: true } })).toBe(billing.length * 2);
    expect(await prisma().stripeEvent.count({ where: { endpointId: endpoint.id, status: "held" } })).toBe(0);
  }, 240_000);
});

describe("holding a customer's success events", () => {
  let restore: () => void;
  beforeEach(() => {
    restore = withEnv({ HOOKWARDEN_FRAUD_HOLD: "on" });
  });
  afterEach(() => restore());

  /** A card tester's customer with an open review that holds their success events. */
  async function heldCustomer() {
    const books = await booksFixture();
    const customer = stripeId("cus");
    await send(books, cardTestingRun({ start: now() - 1_200, attempts: 10, everySeconds: 30, customer }));
    const [item] = await reviewsOf(books);
    expect(item).toMatchObject({ status: "open", holdCustomer: true, customerId: customer });
    return { books, customer, item: item! };
  }

  /** A registered payment of the customer, and the success events that pay it (charge and payment intent). */
  async function paidBy(books: Books, customer: string, created: number) {
    const payment = { reference: `order_${randomBytes(4).toString("hex")}`, amount: 2_500 };
    await books.register({ reference: payment.reference, amount: payment.amount, currency: "usd", customer });
    const events = await send(books, [{ created, card: newCard(), amount: payment.amount, customer, outcome: "succeeded", reference: payment.reference }]);
    return { reference: payment.reference, events };
  }
  const paymentStatus = async (reference: string) => (await prisma().transaction.findUniqueOrThrow({ where: { reference } })).status;

  it("holds them while the review is open (one customer_held decision), and a dismissal releases them to processing", async () => {
    const { books, customer, item } = await heldCustomer();
    const payments = [await paidBy(books, customer, now() - 60), await paidBy(books, customer, now() - 59)];
    const successes = payments.flatMap((payment) => payment.events);
    const other = await send(books, [{ created: now() - 30, card: newCard(), amount: 1_200, customer: stripeId("cus"), outcome: "succeeded" }]);
    for (const event of successes) expect(await statusOf(books, event.id)).toMatchObject({ status: "held", heldRef: `review:${item.id}`, holdReleasedAt: null });
    expect((await statusOf(books, other[0]!.id)).status).not.toBe("held");
    expect(await prisma().gatekeeperDecision.count({ where: { kind: "customer_held", subject: `customer:${customer}` } })).toBe(1);

    const viewer = await viewerKey();
    expect((await apiGet(`/api/v1/reviews/${item.id}`, viewer)).body).toMatchObject({ heldEvents: 4, held: expect.arrayContaining([expect.objectContaining({ stripeEventId: successes[0]!.id, status: "held" })]) });

    const dismissed = await apiPost(`/api/v1/reviews/${item.id}/dismiss`, books.operator, { reason: "our QA team testing cards in production" });
    expect(dismissed).toMatchObject({ status: 200, body: { status: "dismissed", released: 4, stillHeld: 0 } });
    await settleEvents(books.endpoint.name, successes.map((event) => event.id));
    for (const event of successes) expect(await statusOf(books, event.id)).toMatchObject({ status: "processed", holdReleasedAt: expect.any(Date) });
    for (const payment of payments) expect(await paymentStatus(payment.reference)).toBe("paid");
    expect(await prisma().auditEntry.findFirst({ where: { action: "reviews.dismiss", subject: `review:${item.id}` } })).toMatchObject({ detail: expect.stringContaining("our QA team testing cards in production") });

    // The dismissed sequence does not reopen itself, and the customer's next payment is not held.
    const later = await send(books, [{ created: now(), card: newCard(), amount: 900, customer, outcome: "succeeded" }]);
    expect((await statusOf(books, later[0]!.id)).status).not.toBe("held");
    expect(await reviewsOf(books)).toHaveLength(1);
  }, 120_000);

  it("a confirmed review keeps them held; the operator rejects one and releases another, each audited", async () => {
    const { books, customer, item } = await heldCustomer();
    const stolen = await paidBy(books, customer, now() - 20);
    const genuine = await paidBy(books, customer, now() - 10);

    // An open review is decided first.
    expect((await apiPost(`/api/v1/reviews/${item.id}/events/${stolen.events[0]!.id}/reject`, books.operator, { reason: "stolen card" })).status).toBe(409);
    expect(await apiPost(`/api/v1/reviews/${item.id}/confirm`, books.operator, { reason: "card testing confirmed with the issuer" })).toMatchObject({ status: 200, body: { status: "confirmed", released: 0, stillHeld: 4 } });
    for (const event of [...stolen.events, ...genuine.events]) expect((await statusOf(books, event.id)).status).toBe("held");

    for (const event of stolen.events) expect((await apiPost(`/api/v1/reviews/${item.id}/events/${event.id}/reject`, books.operator, { reason: "paid with a stolen card" })).body).toMatchObject({ status: "quarantined" });
    for (const event of genuine.events) expect((await apiPost(`/api/v1/reviews/${item.id}/events/${event.id}/release`, books.operator, { reason: "the customer's own card, checked" })).status).toBe(200);
    await settleEvents(books.endpoint.name, genuine.events.map((event) => event.id));

    const rejected = await prisma().stripeEvent.findFirstOrThrow({ where: { stripeEventId: stolen.events[0]!.id } });
    expect(rejected.status).toBe("quarantined");
    expect(await prisma().quarantineItem.findUniqueOrThrow({ where: { eventId: rejected.id } })).toMatchObject({ reason: "fraud_confirmed", status: "rejected", decisionReason: "paid with a stolen card" });
    expect(await paymentStatus(stolen.reference)).toBe("pending");
    for (const event of genuine.events) expect((await statusOf(books, event.id)).status).toBe("processed");
    expect(await paymentStatus(genuine.reference)).toBe("paid");
    expect(await prisma().auditEntry.count({ where: { action: "reviews.reject_event", detail: { contains: item.id } } })).toBe(2);
    expect(await prisma().auditEntry.count({ where: { action: "reviews.release_event", detail: { contains: item.id } } })).toBe(2);
    expect(await prisma().auditEntry.count({ where: { action: "reviews.confirm", subject: `review:${item.id}` } })).toBe(1);
  }, 120_000);
});

describe("deciding a review", () => {
  it("a viewer cannot decide (403, nothing changes); a reason is required; a second decision is refused", async () => {
    const books = await booksFixture();
    await send(books, cardTestingRun({ start: now() - 1_200, attempts: 10, everySeconds: 30, customer: stripeId("cus") }));
    const [item] = await reviewsOf(books);
    const viewer = await viewerKey();
    const audited = () => prisma().auditEntry.count({ where: { subject: `review:${item!.id}` } });

    expect((await apiPost(`/api/v1/reviews/${item!.id}/dismiss`, viewer, { reason: "looks fine to me" })).status).toBe(403);
    expect((await apiPost(`/api/v1/reviews/${item!.id}/confirm`, viewer, { reason: "fraud" })).status).toBe(403);
    expect((await apiPost(`/api/v1/reviews/${item!.id}/confirm`, undefined, { reason: "fraud" })).status).toBe(401);
    expect(await apiPost(`/api/v1/reviews/${item!.id}/confirm`, books.operator, { reason: " " })).toMatchObject({ status: 422, body: { error: { fields: { reason: expect.any(String) } } } });
    expect(await prisma().reviewItem.findUniqueOrThrow({ where: { id: item!.id } })).toMatchObject({ status: "open", decidedBy: null, decidedAt: null });
    expect(await audited()).toBe(0);

    expect((await apiPost(`/api/v1/reviews/${item!.id}/confirm`, books.operator, { reason: "confirmed fraud" })).status).toBe(200);
    expect((await apiPost(`/api/v1/reviews/${item!.id}/dismiss`, books.operator, { reason: "changed my mind" })).status).toBe(409);
    expect(await prisma().reviewItem.findUniqueOrThrow({ where: { id: item!.id } })).toMatchObject({ status: "confirmed", decisionReason: "confirmed fraud" });
    expect(await audited()).toBe(1);
    expect((await apiGet(`/api/v1/reviews/not-a-review`, viewer)).status).toBe(404);
  }, 120_000);

  it("lists open items newest first with their counts, and decided ones by status", async () => {
    const viewer = await viewerKey();
    const open = await apiGet(`/api/v1/reviews?limit=2`, viewer);
    expect(open.status).toBe(200);
    const body = open.body as { status: string; data: { status: string; openedAt: string }[]; counts: { open: number }; nextCursor: string | null };
    expect(body.status).toBe("open");
    expect(body.data.every((item) => item.status === "open")).toBe(true);
    expect(body.counts.open).toBe(await prisma().reviewItem.count({ where: { status: "open" } }));
    if (body.counts.open > 2) {
      const next = (await apiGet(`/api/v1/reviews?limit=2&cursor=${body.nextCursor}`, viewer)).body as { data: { openedAt: string }[] };
      expect(next.data[0]!.openedAt <= body.data[1]!.openedAt).toBe(true);
    }
    const confirmed = (await apiGet(`/api/v1/reviews?status=confirmed`, viewer)).body as { data: { status: string; decidedBy: string | null }[] };
    expect(confirmed.data.length).toBeGreaterThan(0);
    expect(confirmed.data.every((item) => item.status === "confirmed" && item.decidedBy !== null)).toBe(true);
    expect((await apiGet(`/api/v1/reviews?status=closed`, viewer)).status).toBe(422);
  });
});
