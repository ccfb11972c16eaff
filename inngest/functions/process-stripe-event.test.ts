import { InngestTestEngine } from "@inngest/test";
import pg from "pg";
import { afterAll, describe, expect, it, vi } from "vitest";
import { checkoutSession, newPaymentFlow, stripeEvent } from "../../cli/simulate/stripe-events";
import { booksFixture } from "../../tests/support/books";
import { recordWithoutEnqueue } from "../../tests/support/intake";
import { disconnect, prisma } from "../../server/db";
import type { StripeEventReceived } from "../events";
import { processStripeEvent } from "./process-stripe-event";

// A row lock held by someone else fails our statement after 300 ms: a real, transient database error.
vi.hoisted(() => {
  process.env.HOOKWARDEN_DB_LOCK_TIMEOUT_MS = "300";
});

afterAll(() => disconnect());

async function recordedEvent(session: Record<string, unknown> = {}) {
  const books = await booksFixture();
  const flow = newPaymentFlow();
  await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
  const event = stripeEvent("checkout.session.completed", { ...checkoutSession(flow), ...session });
  // Recorded as in Inngest mode (`received`), so no embedded runner of another test file picks it up.
  const ledgerId = (await recordWithoutEnqueue(event, books.endpoint.name)).eventId;
  const data: StripeEventReceived = { ledgerEventId: ledgerId, stripeEventId: event.id, endpointId: "", type: event.type, concurrencyKey: flow.customer };
  return { books, flow, event, ledgerId, data };
}

const run = (data: StripeEventReceived) =>
  new InngestTestEngine({ function: processStripeEvent }).execute({ events: [{ name: "stripe/event.received", data }] });

describe("process-stripe-event through @inngest/test", () => {
  it("runs its step against the real database and applies the event once", async () => {
    const { books, flow, event, data, ledgerId } = await recordedEvent();
    const { result, error } = await run(data);
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ outcome: "processed", status: "processed" });
    expect(await books.statusOf(event.id)).toBe("processed");
    expect(await prisma().transaction.findUniqueOrThrow({ where: { reference: flow.reference } })).toMatchObject({ status: "paid" });
    // Inngest delivers at least once: a second run of the same event changes nothing.
    const again = await run(data);
    expect(again.result).toMatchObject({ outcome: "skipped", status: "processed" });
    expect(await prisma().effect.count({ where: { eventId: ledgerId } })).toBe(1);
  });

  it("a transient database error fails the run so that Inngest retries it; the retry applies the event", async () => {
    const { books, event, data, ledgerId } = await recordedEvent();
    const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query("SELECT id FROM stripe_event WHERE id = $1 FOR UPDATE", [ledgerId]);
      const { error } = await run(data);
      expect(error).toBeDefined();
      expect(String((error as { name?: string }).name)).not.toBe("NonRetriableError");
      expect(String((error as { message?: string }).message)).toMatch(/lock timeout/);
      await blocker.query("COMMIT");
    } finally {
      await blocker.end();
    }
    expect(await books.statusOf(event.id)).toBe("received");
    const retried = await run(data);
    expect(retried.result).toMatchObject({ outcome: "processed" });
    expect(await prisma().effect.count({ where: { eventId: ledgerId } })).toBe(1);
  });

  it("a malformed object throws NonRetriableError and the event is dead with its reason", async () => {
    const { books, event, data } = await recordedEvent({ id: "garbage" });
    const { error } = await run(data);
    expect(error).toMatchObject({ name: "NonRetriableError" });
    expect(await books.statusOf(event.id)).toBe("dead");
  });
});
