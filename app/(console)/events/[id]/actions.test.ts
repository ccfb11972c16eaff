import { afterAll, describe, expect, it, vi } from "vitest";
import { checkoutPaymentEvents, newPaymentFlow } from "@/cli/simulate/stripe-events";
import { disconnect, prisma } from "@/server/db";
import { setEndpointStripeKey } from "@/server/endpoints/set-endpoint-stripe-key";
import { booksFixture } from "@/tests/support/books";
import { actAs, sessionFor } from "@/tests/support/console";
import { cliContext } from "@/tests/support/users";
import { applyStripeCopyAction, compareEventWithStripeAction } from "./actions";

vi.mock("@/server/auth/request-context", () => ({ requestContext: vi.fn(), renewSessionCookie: vi.fn() }));

afterAll(() => disconnect());

/** A Checkout payment sent and settled; answers the processed checkout.session.completed. */
async function processedEvent() {
  const books = await booksFixture();
  const flow = newPaymentFlow();
  await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
  const events = checkoutPaymentEvents(flow);
  await books.send(events);
  await books.settle();
  const completed = events.find((event) => event.type === "checkout.session.completed")!;
  expect(await books.statusOf(completed.id)).toBe("processed");
  return { books, stripeEventId: completed.id, ledgerId: await books.ledgerIdOf(completed.id) };
}

const reconcileAudits = (stripeEventId: string) => prisma().auditEntry.count({ where: { action: "events.reconcile", subject: `event:${stripeEventId}` } });

describe("reconciling an event from its page", () => {
  it("asking Stripe about an event whose endpoint has no Stripe key answers why, and changes nothing", async () => {
    const { books, stripeEventId, ledgerId } = await processedEvent();
    await actAs((await sessionFor("operator")).claims);

    const result = await compareEventWithStripeAction({ id: ledgerId });

    expect(result).toEqual({ ok: false, error: { code: "conflict", message: "This event's endpoint has no Stripe API key, so Hookwarden cannot ask Stripe about it." } });
    expect(await books.statusOf(stripeEventId)).toBe("processed");
  });

  it("refuses to apply Stripe's copy to a processed event, or without a reason, before asking Stripe; nothing changes and nothing is audited", async () => {
    const { books, stripeEventId, ledgerId } = await processedEvent();
    // With a key, the refusal still comes first: a processed event's effect is already applied.
    await setEndpointStripeKey({ name: books.endpoint.name, apiKey: "rk_test_hookwardenconsoletest" }, cliContext);
    const history = await prisma().eventStatusChange.count({ where: { eventId: ledgerId } });
    await actAs((await sessionFor("operator")).claims);

    expect(await applyStripeCopyAction({ id: ledgerId, reason: "Stripe's copy is the truth" })).toMatchObject({
      ok: false,
      error: { code: "conflict", message: expect.stringContaining(`Event ${stripeEventId} is processed; Stripe's copy can be applied to`) },
    });
    expect(await applyStripeCopyAction({ id: ledgerId, reason: "   " })).toMatchObject({ ok: false, error: { code: "invalid_request", fields: { reason: "A reason is required" } } });
    expect(await applyStripeCopyAction({ id: "evt_not_a_ledger_id", reason: "a Stripe id" })).toMatchObject({ ok: false, error: { code: "invalid_request", fields: { id: expect.any(String) } } });

    expect(await books.statusOf(stripeEventId)).toBe("processed");
    expect(await prisma().eventStatusChange.count({ where: { eventId: ledgerId } })).toBe(history);
    expect(await reconcileAudits(stripeEventId)).toBe(0);
  });
});
