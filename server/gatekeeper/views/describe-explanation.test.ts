import { describe, expect, it } from "vitest";
import { describeExplanation, explanationLines } from "./describe-explanation";

// The shape the gatekeeper's detection records for a burst of success events (server/gatekeeper/detect/).
const SUCCESS_BURST = {
  rule: "success_burst",
  attack: true,
  features: [
    { feature: "success events per minute", value: 48, expected: 3.2, spread: 1.1, z: 40.7, coldStart: false, profile: "hour-of-week" },
    { feature: "success share of new events", value: 0.96, baseline: 0.31, limit: 0.61 },
  ],
  isolationForest: { score: 0.81, contributions: [{ feature: "success events", share: 0.6, value: 48 }] },
  window: { deliveries: 50, sources: ["203.0.113.7"] },
  eventTypes: ["payment_intent.succeeded"],
};

describe("an explanation, in words", () => {
  it("reads the rule, each feature against its baseline or expected value, the model's score, and the rest as labelled facts", () => {
    const view = describeExplanation(SUCCESS_BURST);
    expect(view.rule).toBe("a burst of success events unlike the baseline");
    expect(view.attack).toBe(true);
    expect(view.features).toEqual([
      { feature: "success events per minute", value: "48", comparedWith: "3.2 ± 1.1 expected", limit: null, score: "z 40.7", note: "profile: hour-of-week" },
      { feature: "success share of new events", value: "0.96", comparedWith: "0.31", limit: "0.61", score: null, note: null },
    ]);
    expect(view.model).toEqual({ score: "0.81", note: null, contributions: [{ feature: "success events", value: "48", share: "60%" }] });
    expect(view.facts).toEqual([
      { label: "last minute", value: "deliveries: 50; sources: 203.0.113.7" },
      { label: "event types", value: "payment_intent.succeeded" },
    ]);
  });

  it("reads the models' own Explanation too: its sentence, each feature against its expected value, the forest's score and shares", () => {
    const view = describeExplanation({
      features: [{ feature: "successEvents", value: 42, expected: 3.1, spread: 1.2, z: 32.4, coldStart: false }],
      modelScore: 0.74,
      contributions: [{ feature: "successEvents", share: 0.7 }],
      sentence: "successEvents 42/min vs 3.1 ± 1.2 expected (z 32.4); isolation score 0.74",
    });
    expect(view.sentence).toContain("isolation score 0.74");
    expect(view.features[0]).toMatchObject({ value: "42", comparedWith: "3.1 ± 1.2 expected", score: "z 32.4" });
    expect(view.model).toEqual({ score: "0.74", note: null, contributions: [{ feature: "successEvents", value: "—", share: "70%" }] });
    expect(view.facts).toEqual([]);
  });

  it("copes with anything: no explanation, unknown keys, nested values, a cold start", () => {
    expect(describeExplanation(null)).toEqual({ rule: null, sentence: null, attack: null, features: [], model: null, facts: [] });
    expect(describeExplanation({ someNewThing: { a: 1, b: [true, null] } }).facts).toEqual([{ label: "some new thing", value: "a: 1; b: yes, —" }]);
    expect(describeExplanation({ features: [{ feature: "deliveries per minute", value: 900, coldStart: true }, "junk"] }).features[0]!.note).toContain("cold start");
    expect(explanationLines(SUCCESS_BURST)).toContain("  success events per minute: 48, against 3.2 ± 1.1 expected, z 40.7, profile: hour-of-week");
  });
});
