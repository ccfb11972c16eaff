import { describe, expect, it } from "vitest";
import { deliveredVsCopy } from "./reconcile-event";

describe("delivered against Stripe's copy", () => {
  it("lines up every material field either copy has, and leaves out those neither has", () => {
    expect(
      deliveredVsCopy({
        delivered: { id: "cs_1", amount: 2900, currency: "usd", invoice: null, subscription: null },
        stripeCopy: { id: "cs_1", amount: 3000, currency: "usd", invoice: null, subscription: "sub_1" },
      }),
    ).toEqual([
      { field: "id", expected: "cs_1", received: "cs_1" },
      { field: "amount", expected: 2900, received: 3000 },
      { field: "currency", expected: "usd", received: "usd" },
      { field: "subscription", expected: null, received: "sub_1" },
    ]);
  });
});
