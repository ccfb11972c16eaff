import { describe, expect, it } from "vitest";
import { eventFiltersToSearch, eventFiltersToSearchParams, hasActiveFilters, parseEventFilters } from "./event-filters";

describe("event filters in the URL", () => {
  it("round-trips through search params", () => {
    const filters = parseEventFilters(new URLSearchParams("status=dead,failed&endpoint=connect&type=invoice.*&range=1h&livemode=test&cursor=abc"));
    expect(filters).toEqual({ status: ["dead", "failed"], endpoint: "connect", type: "invoice.*", range: "1h", livemode: "test", cursor: "abc" });
    expect(eventFiltersToSearchParams(filters).toString()).toBe("status=dead%2Cfailed&endpoint=connect&type=invoice.*&range=1h&livemode=test&cursor=abc");
  });

  it("drops what it does not understand instead of failing the page", () => {
    expect(parseEventFilters({ status: "dead,bogus,dead", range: "3y", livemode: "maybe", type: "DROP TABLE" })).toEqual({
      status: ["dead"],
      endpoint: undefined,
      type: undefined,
      range: undefined,
      livemode: undefined,
      cursor: undefined,
    });
    expect(hasActiveFilters(parseEventFilters({}))).toBe(false);
  });

  it("turns a time range into the search's `from`, and the mode chip into `livemode`", () => {
    const now = Date.parse("2026-11-29T12:00:00Z");
    expect(eventFiltersToSearch(parseEventFilters({ range: "1h", status: "quarantined", livemode: "test" }), now)).toEqual({
      q: undefined,
      status: "quarantined",
      endpoint: undefined,
      type: undefined,
      from: "2026-11-29T11:00:00.000Z",
      livemode: false,
      cursor: undefined,
    });
    expect(eventFiltersToSearch(parseEventFilters({ livemode: "live" }), now).livemode).toBe(true);
  });

  it("keeps the search text beside the filters, so paging and filter chips do not lose it", () => {
    const filters = parseEventFilters(new URLSearchParams("q=order_1042&status=ignored&cursor=abc"));
    expect(filters).toMatchObject({ q: "order_1042", status: ["ignored"], cursor: "abc" });
    expect(eventFiltersToSearchParams({ ...filters, cursor: undefined }).toString()).toBe("q=order_1042&status=ignored");
    expect(hasActiveFilters(parseEventFilters({ q: "cus_NffrFeUfNV2Hib" }))).toBe(true);
  });
});
