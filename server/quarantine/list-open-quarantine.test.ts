import { afterAll, describe, expect, it } from "vitest";
import { checkoutSession, newPaymentFlow, stripeEvent } from "../../cli/simulate/stripe-events";
import { apiPost } from "../../tests/support/api";
import { booksFixture } from "../../tests/support/books";
import { settleEvents } from "../../tests/support/settle";
import { disconnect } from "../db";
import { AppError } from "../errors";
import { listOpenQuarantine, type OpenQuarantineItem } from "./list-open-quarantine";
import { QUARANTINE_REASONS } from "./quarantine-reasons";

afterAll(() => disconnect());

async function everyOpenItem(reason: "amount_mismatch" | "unknown_reference", limit: number): Promise<OpenQuarantineItem[][]> {
  const pages: OpenQuarantineItem[][] = [];
  let cursor: string | undefined;
  do {
    const { page } = await listOpenQuarantine({ reason, cursor, limit });
    pages.push(page!.data);
    cursor = page!.nextCursor ?? undefined;
  } while (cursor && pages.length < 1_000);
  return pages;
}

describe("listOpenQuarantine", () => {
  it("groups open items by reason and pages through one reason with each item's evidence and event", async () => {
    const books = await booksFixture();
    const flows = [newPaymentFlow(), newPaymentFlow(), newPaymentFlow()];
    for (const flow of flows) await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency });
    const short = flows.map((flow) => stripeEvent("checkout.session.completed", checkoutSession({ ...flow, amount: flow.amount - 250 })));
    const unknown = stripeEvent("checkout.session.completed", checkoutSession(newPaymentFlow()));
    await books.send([...short, unknown]);
    await settleEvents(books.endpoint.name, [...short, unknown].map((event) => event.id));

    const { groups, page } = await listOpenQuarantine();
    expect(page).toBeNull();
    const mismatch = groups.find((group) => group.reason === "amount_mismatch");
    expect(mismatch).toMatchObject({ explanation: QUARANTINE_REASONS.amount_mismatch });
    expect(mismatch!.count).toBeGreaterThanOrEqual(3);
    expect(groups.find((group) => group.reason === "unknown_reference")!.count).toBeGreaterThanOrEqual(1);
    expect(groups.map((group) => group.count)).toEqual([...groups.map((group) => group.count)].sort((a, b) => b - a));

    const pages = await everyOpenItem("amount_mismatch", 2);
    const items = pages.flat();
    expect(pages.slice(0, -1).every((shown) => shown.length === 2)).toBe(true);
    expect(new Set(items.map((item) => item.eventId)).size).toBe(items.length);
    expect(items.map((item) => item.quarantinedAt)).toEqual([...items.map((item) => item.quarantinedAt)].sort().reverse());
    const mine = items.filter((item) => item.endpoint === books.endpoint.name);
    expect(mine.map((item) => item.stripeEventId).sort()).toEqual(short.map((event) => event.id).sort());
    const first = mine.find((item) => item.stripeEventId === short[0]!.id)!;
    expect(first).toMatchObject({
      type: "checkout.session.completed",
      status: "quarantined",
      objectId: flows[0]!.session,
      amount: flows[0]!.amount - 250,
      currency: flows[0]!.currency,
      subject: `transaction:${flows[0]!.reference}`,
    });
    expect(first.evidence).toContainEqual({ field: "amount", expected: flows[0]!.amount, received: flows[0]!.amount - 250 });
  });

  it("a decided item leaves the open list", async () => {
    const books = await booksFixture();
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency });
    const event = stripeEvent("checkout.session.completed", checkoutSession({ ...flow, amount: 1 }));
    await books.send([event]);
    await settleEvents(books.endpoint.name, [event.id]);
    const open = async () => (await everyOpenItem("amount_mismatch", 100)).flat().some((item) => item.stripeEventId === event.id);
    expect(await open()).toBe(true);
    expect((await apiPost(`/api/v1/events/${event.id}/reject`, books.operator, { reason: "test payment" })).status).toBe(200);
    expect(await open()).toBe(false);
  });

  it("refuses bad input with a message per field", async () => {
    const error = await listOpenQuarantine({ reason: "nope" as never, limit: 0 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(Object.keys((error as AppError).fields!).sort()).toEqual(["limit", "reason"]);
    const noReason = await listOpenQuarantine({ cursor: "x" }).catch((caught: unknown) => caught);
    expect((noReason as AppError).fields).toHaveProperty("cursor");
  });
});
