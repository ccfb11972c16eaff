import { afterAll, describe, expect, it, vi } from "vitest";
import { checkoutPaymentEvents, checkoutSession, newPaymentFlow, stripeEvent } from "@/cli/simulate/stripe-events";
import { disconnect, prisma } from "@/server/db";
import { booksFixture } from "@/tests/support/books";
import { actAs, sessionFor } from "@/tests/support/console";
import { rejectEventsAction, replayEventsAction } from "./actions";

vi.mock("@/server/auth/request-context", () => ({ requestContext: vi.fn(), renewSessionCookie: vi.fn() }));

afterAll(() => disconnect());

/** A Checkout payment sent and settled: its payment_intent.created is ignored, the rest processed. */
async function settledCheckout() {
  const books = await booksFixture();
  const flow = newPaymentFlow();
  await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
  const events = checkoutPaymentEvents(flow);
  await books.send(events);
  await books.settle();
  const byType = async (type: string) => books.ledgerIdOf(events.find((event) => event.type === type)!.id);
  return { books, flow, events, byType };
}

const auditOf = (action: string, stripeEventId: string) => prisma().auditEntry.findMany({ where: { action, subject: `event:${stripeEventId}` } });

describe("bulk actions of the events list", () => {
  it("an operator's bulk replay replays the replayable events, refuses the processed one with why, and audits each replay", async () => {
    const { user, claims } = await sessionFor("operator");
    const { books, events, byType } = await settledCheckout();
    const ignored = await byType("payment_intent.created");
    const processed = await byType("checkout.session.completed");
    expect(await books.statusOf(events[0]!.id)).toBe("ignored");

    await actAs(claims, "203.0.113.9");
    const result = await replayEventsAction({ ids: [ignored, processed, ignored], reason: "handler for payment_intent.created shipped" });

    expect(result).toEqual({
      ok: true,
      data: { succeeded: [ignored], failed: [{ id: processed, message: expect.stringMatching(/is processed; only .* can be replayed/) }] },
    });
    const ignoredId = events.find((event) => event.type === "payment_intent.created")!.id;
    const audit = await auditOf("events.replay", ignoredId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: user.id, actorLabel: user.email, sourceAddress: "203.0.113.9" });
    const checkoutId = events.find((event) => event.type === "checkout.session.completed")!.id;
    expect(await auditOf("events.replay", checkoutId)).toHaveLength(0);
    // The replay is in the event's history with the operator's reason.
    const history = await prisma().eventStatusChange.findMany({ where: { eventId: ignored }, orderBy: { id: "asc" } });
    expect(history.some((change) => change.reason.includes("handler for payment_intent.created shipped"))).toBe(true);
  });

  it("a bulk reject closes the quarantined events and reports the others, each audited once", async () => {
    const { claims } = await sessionFor("operator");
    const books = await booksFixture();
    const flows = [newPaymentFlow(), newPaymentFlow()];
    for (const flow of flows) await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    const short = flows.map((flow) => stripeEvent("checkout.session.completed", { ...checkoutSession(flow), amount_total: flow.amount - 100 }));
    await books.send(short);
    await books.settle();
    const quarantined = await Promise.all(short.map((event) => books.ledgerIdOf(event.id)));
    for (const event of short) expect(await books.statusOf(event.id)).toBe("quarantined");
    const unknown = "00000000-0000-4000-8000-000000000000";

    await actAs(claims);
    const result = await rejectEventsAction({ ids: [...quarantined, unknown], reason: "test orders from the staging shop" });

    expect(result.ok && result.data.succeeded).toEqual(quarantined);
    expect(result.ok && result.data.failed).toEqual([{ id: unknown, message: "No such event in the ledger." }]);
    for (const id of quarantined) expect(await prisma().quarantineItem.findUniqueOrThrow({ where: { eventId: id } })).toMatchObject({ status: "rejected", decisionReason: "test orders from the staging shop" });
    for (const event of short) expect(await auditOf("events.reject", event.id)).toHaveLength(1);

    // Again: nothing is rejected twice, and each refusal says why.
    const again = await rejectEventsAction({ ids: quarantined, reason: "test orders from the staging shop" });
    expect(again.ok && again.data.succeeded).toEqual([]);
    expect(again.ok && again.data.failed).toEqual(quarantined.map((id) => ({ id, message: expect.stringContaining("was already rejected; nothing changed") })));
    for (const event of short) expect(await auditOf("events.reject", event.id)).toHaveLength(1);
  });

  it("refuses viewers, a missing reason and more than 100 events before touching anything", async () => {
    const { events, byType } = await settledCheckout();
    const ignored = await byType("payment_intent.created");
    const ignoredId = events.find((event) => event.type === "payment_intent.created")!.id;

    await actAs((await sessionFor("viewer")).claims);
    expect(await replayEventsAction({ ids: [ignored], reason: "a viewer tries anyway" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    await actAs(null);
    expect(await replayEventsAction({ ids: [ignored], reason: "nobody signed in" })).toMatchObject({ ok: false, error: { code: "unauthenticated" } });

    await actAs((await sessionFor("operator")).claims);
    expect(await replayEventsAction({ ids: [ignored], reason: "  " })).toMatchObject({ ok: false, error: { code: "invalid_request", fields: { reason: expect.any(String) } } });
    const tooMany = Array.from({ length: 101 }, () => ignored);
    expect(await replayEventsAction({ ids: tooMany, reason: "too many at once" })).toMatchObject({ ok: false, error: { code: "invalid_request", fields: { ids: expect.stringContaining("100") } } });
    expect(await replayEventsAction({ ids: ["evt_not_a_ledger_id"], reason: "a Stripe id is not a ledger id" })).toMatchObject({ ok: false, error: { code: "invalid_request" } });
    expect(await auditOf("events.replay", ignoredId)).toHaveLength(0);
  });
});
