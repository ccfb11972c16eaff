import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkoutSession, newPaymentFlow, stripeEvent } from "../../cli/simulate/stripe-events";
import { booksFixture } from "../../tests/support/books";
import { startTestPostgres, type TestPostgres } from "../../tests/support/start-postgres";
import { applyMigrations } from "../embedded/apply-migrations";

/**
 * This file runs against its own PostgreSQL, which the test stops and starts again while an
 * event is being processed. DATABASE_URL points at it before anything connects.
 */
let postgres: TestPostgres;
let db: typeof import("../db");
let runner: typeof import("./embedded-runner");

beforeAll(async () => {
  postgres = await startTestPostgres("hookwarden_runner_outage");
  await applyMigrations(postgres.url);
  process.env.DATABASE_URL = postgres.url;
  db = await import("../db");
  runner = await import("./embedded-runner");
}, 120_000);

afterAll(async () => {
  await db.disconnect();
  await postgres.stop();
});

describe("embedded runner during a database restart", () => {
  it("an event whose attempt lost the database goes back to the queue as soon as it answers, and is applied once", async () => {
    const books = await booksFixture();
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    const event = stripeEvent("checkout.session.completed", checkoutSession(flow));
    await books.send([event]);

    // Another session holds the payment's row, so the attempt is caught half-way: claimed, not finished.
    const locker = new pg.Client({ connectionString: postgres.url });
    locker.on("error", () => undefined);
    await locker.connect();
    await locker.query("BEGIN");
    await locker.query("SELECT 1 FROM payment_transaction WHERE reference = $1 FOR UPDATE", [flow.reference]);
    const attempt = runner.drainQueue({ concurrency: 1 }).catch(() => "the database went away");
    await expect.poll(() => books.statusOf(event.id), { timeout: 10_000, interval: 50 }).toBe("processing");

    await postgres.halt(); // the attempt fails, and so does recording its failure
    await attempt;
    await postgres.restart();
    await runner.drainQueue({ concurrency: 1 });

    const ledgerId = await books.ledgerIdOf(event.id);
    expect(await books.statusOf(event.id)).toBe("processed");
    const history = await db.prisma().eventStatusChange.findMany({ where: { eventId: ledgerId }, orderBy: { id: "asc" }, select: { fromStatus: true, toStatus: true, reason: true } });
    expect(history).toContainEqual({ fromStatus: "processing", toStatus: "queued", reason: runner.UNRECORDED_CLAIM_REASON });
    expect(await db.prisma().effect.count({ where: { eventId: ledgerId } })).toBe(1);
    expect(await db.prisma().transaction.findUniqueOrThrow({ where: { reference: flow.reference } })).toMatchObject({ status: "paid" });
  }, 60_000);
});
