import { describe, expect, it } from "vitest";
import { describeBulkOutcome } from "./bulk-outcome";

const verb = { done: "Replayed", noun: "replayed" };
const stripeIdOf = (id: string) => ({ a: "evt_a", b: "evt_b" })[id] ?? id;

describe("what a bulk action says it did", () => {
  it("closes the dialog with a count when every event succeeded", () => {
    expect(describeBulkOutcome({ ok: true, data: { succeeded: ["a", "b"], failed: [] } }, verb, stripeIdOf)).toEqual({ ok: true, message: "Replayed 2 events." });
  });

  it("keeps the dialog open naming each refused event and why, and still says what was done", () => {
    const result = describeBulkOutcome({ ok: true, data: { succeeded: ["a"], failed: [{ id: "b", message: "Event evt_b is processed." }] } }, verb, stripeIdOf);
    expect(result).toEqual({ ok: false, error: "Replayed 1 event; 1 event not replayed. evt_b: Event evt_b is processed." });
  });

  it("passes a refusal of the whole action through (signed out, forbidden, bad input)", () => {
    expect(describeBulkOutcome({ ok: false, error: { code: "forbidden", message: "Your role may not do this." } }, verb, stripeIdOf)).toEqual({ ok: false, error: "Your role may not do this." });
  });
});
