import { afterAll, describe, expect, it } from "vitest";
import { checkoutPaymentEvents, newPaymentFlow, subscriptionLifecycleEvents } from "../../cli/simulate/stripe-events";
import { booksFixture } from "../../tests/support/books";
import { disconnect } from "../db";
import { listTransactions } from "../transactions/list-transactions";
import { getCustomerOrThrow } from "./get-customer-or-throw";

afterAll(() => disconnect());

describe("getCustomerOrThrow", () => {
  it("shows a customer's subscriptions, entitlements with their reason, paid payments and latest events", async () => {
    const books = await booksFixture();
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    const lifecycle = subscriptionLifecycleEvents(flow.customer).slice(0, 4); // created, paid, active, upgraded: still active
    await books.send([...checkoutPaymentEvents(flow), ...lifecycle]);
    await books.settle();
    await books.settle();

    const customer = await getCustomerOrThrow(flow.customer);
    expect(customer.subscriptions).toMatchObject([{ status: "active", entitles: true, price: "price_pro", quantity: 1, cancelAtPeriodEnd: false }]);
    expect(customer.entitlements.map((entitlement) => entitlement.source).sort()).toEqual(["payment", "subscription"]);
    expect(customer.payments).toMatchObject([{ reference: flow.reference, status: "paid", amount: flow.amount }]);
    expect(customer.latestEvents.length).toBeGreaterThanOrEqual(lifecycle.length);
    expect(customer.latestEvents[0]!.ledgerId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers not_found for a customer the books do not know, and invalid_request for a malformed id", async () => {
    await expect(getCustomerOrThrow("cus_nobodyknowsthisone")).rejects.toMatchObject({ code: "not_found" });
    await expect(getCustomerOrThrow("bob@example.com")).rejects.toMatchObject({ code: "invalid_request" });
  });
});

describe("listTransactions", () => {
  it("pages the latest registrations newest first without repeating or skipping one", async () => {
    const books = await booksFixture();
    const references: string[] = [];
    for (let i = 0; i < 5; i++) {
      const flow = newPaymentFlow();
      await books.register({ reference: flow.reference, amount: 100 + i, currency: "usd" });
      references.push(flow.reference);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listTransactions>> = await listTransactions({ cursor, limit: 2 });
      expect(page.transactions.length).toBeLessThanOrEqual(2);
      seen.push(...page.transactions.map((transaction) => transaction.reference));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 10_000);
    expect(new Set(seen).size).toBe(seen.length);
    const ours = seen.filter((reference) => references.includes(reference));
    expect(ours).toEqual([...references].reverse());
    await expect(listTransactions({ cursor: "garbage" })).rejects.toMatchObject({ code: "invalid_request" });
  });
});
