import { describe, expect, it } from "vitest";
import { findingComparison, findingSubject } from "./finding-view";

describe("a finding's subject", () => {
  it("opens the event once it is in the ledger, and says so when it is not (a dry run's missed event)", () => {
    expect(findingSubject({ subject: "event:evt_1", ours: null, stripe: { type: "invoice.paid" }, repairEventId: "9f1c0000-0000-4000-8000-000000000001" })).toEqual({
      kind: "event",
      id: "evt_1",
      href: "/events/9f1c0000-0000-4000-8000-000000000001",
      hint: "in the ledger now",
    });
    expect(findingSubject({ subject: "event:evt_1", ours: null, stripe: { type: "invoice.paid" }, repairEventId: null })).toMatchObject({ href: null, hint: "not in the ledger" });
  });

  it("opens a subscription's customer (Stripe's side first) and a registered payment's page", () => {
    expect(findingSubject({ subject: "subscription:sub_1", ours: { customer: "cus_old" }, stripe: { customer: "cus_1" }, repairEventId: null })).toMatchObject({ id: "sub_1", href: "/customers/cus_1" });
    expect(findingSubject({ subject: "subscription:sub_1", ours: { status: "active" }, stripe: { status: "canceled" }, repairEventId: null })).toMatchObject({ href: "/?q=sub_1", hint: "its events" });
    expect(findingSubject({ subject: "transaction:order 7/1", ours: null, stripe: null, repairEventId: null })).toMatchObject({ id: "order 7/1", href: "/transactions/order%207%2F1" });
  });
});

describe("a finding's comparison", () => {
  it("lines up our fields and Stripe's and marks only those that differ", () => {
    expect(findingComparison({ ours: { status: "active", quantity: 1 }, stripe: { status: "canceled", quantity: 1 } })).toEqual([
      { field: "status", ours: "active", stripe: "canceled", differs: true },
      { field: "quantity", ours: "1", stripe: "1", differs: false },
    ]);
  });

  it("reads a period end as a UTC minute, not as an ISO string", () => {
    expect(findingComparison({ ours: { currentPeriodEnd: "2026-12-29T00:00:00.000Z" }, stripe: { currentPeriodEnd: "2027-01-29T00:00:00.000Z" } })).toEqual([
      { field: "currentPeriodEnd", ours: "2026-12-29 00:00 UTC", stripe: "2027-01-29 00:00 UTC", differs: true },
    ]);
  });

  it("shows a dash for the side that has no record, without calling every field different", () => {
    expect(findingComparison({ ours: null, stripe: { type: "invoice.paid" } })).toEqual([{ field: "type", ours: "—", stripe: "invoice.paid", differs: false }]);
  });

  it("formats amounts with the currency either side names, and does not call a field only one side records a difference", () => {
    expect(findingComparison({ ours: { status: "pending", paidBy: null }, stripe: { status: "succeeded", amountReceived: 3000, currency: "usd" } })).toEqual([
      { field: "status", ours: "pending", stripe: "succeeded", differs: true },
      { field: "amountReceived", ours: "—", stripe: "$30.00 (3000)", differs: false },
      { field: "currency", ours: "—", stripe: "usd", differs: false },
      { field: "paidBy", ours: "—", stripe: "—", differs: false },
    ]);
  });
});
