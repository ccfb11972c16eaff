import { describe, expect, it } from "vitest";
import type { DecisionInput } from "../decisions";
import { explain } from "./explain";
import { IsolationForest } from "./isolation-forest";
import { mulberry32 } from "./mulberry32";
import { SeasonalBaseline, type SeasonalScore } from "./seasonal-baseline";

function seasonal(value: number, expected: number, spread: number, coldStart = false): SeasonalScore {
  return {
    value,
    expected,
    spread,
    z: (value - expected) / spread,
    slot: 10,
    profile: coldStart ? "none" : "hour-of-week",
    seasonalMedian: coldStart ? null : expected,
    level: expected,
    levelRatio: 1,
    spreadInflation: 1,
    slotPoints: coldStart ? 0 : 360,
    historyPoints: coldStart ? 20 : 40_000,
    coldStart,
    coldStartReason: coldStart ? "history" : null,
  };
}

describe("explain", () => {
  it("lists every feature with the baseline it was compared with, largest |z| first, and names the top two in the sentence", () => {
    const explanation = explain({
      features: [
        { feature: "deliveries", label: "deliveries", unit: "/min", score: seasonal(50, 45, 8) },
        { feature: "successEvents", label: "success events", unit: "/min", score: seasonal(42, 3.1, 1.2) },
        { feature: "distinctSources", label: "distinct sources", score: seasonal(1, 6.4, 1.5) },
      ],
    });
    expect(explanation.features.map((f) => f.feature)).toEqual(["successEvents", "distinctSources", "deliveries"]);
    expect(explanation.features[0]).toEqual({ feature: "successEvents", value: 42, expected: 3.1, spread: 1.2, z: (42 - 3.1) / 1.2, coldStart: false });
    expect(explanation.sentence).toBe("success events 42/min vs 3.1 ± 1.2 expected (z 32.4); distinct sources 1 vs 6.4 ± 1.5 expected (z -3.6)");
    expect(explanation).toMatchObject({ modelScore: null, contributions: [] });
    const stored: DecisionInput["explanation"] = explanation;
    expect(JSON.parse(JSON.stringify(stored))).toEqual(explanation);
  });

  it("adds the isolation score and its leading feature, by key in the list and by label in the sentence", () => {
    const explanation = explain({
      features: [{ feature: "replayShare", label: "replay share", unit: "%", score: seasonal(37.5, 0.2, 0.5) }],
      forest: { score: { score: 0.8312, pathLength: 3.2, contributions: [{ feature: 1, share: 0.71 }, { feature: 0, share: 0.29 }] }, featureNames: ["deliveries", "replayShare"] },
      sentenceFeatures: 1,
    });
    expect(explanation.modelScore).toBe(0.8312);
    expect(explanation.contributions).toEqual([{ feature: "replayShare", share: 0.71 }, { feature: "deliveries", share: 0.29 }]);
    expect(explanation.sentence).toBe("replay share 37.5% vs 0.2 ± 0.5 expected (z 74.6); isolation score 0.83 (mostly replay share, 71%)");
  });

  it("puts cold-start features last and says there is no baseline yet when only they are left to name", () => {
    const mixed = explain({ features: [{ feature: "deliveries", score: seasonal(900, 0, 1, true) }, { feature: "rejectedShare", score: seasonal(0.02, 0.01, 0.02) }] });
    expect(mixed.features.map((f) => [f.feature, f.coldStart])).toEqual([["rejectedShare", false], ["deliveries", true]]);
    expect(mixed.sentence).toBe("rejectedShare 0.02 vs 0.01 ± 0.02 expected (z 0.5)");

    const cold = explain({ features: [{ feature: "deliveries", unit: "/min", score: seasonal(900, 0, 1, true) }] });
    expect(cold.sentence).toBe("no baseline yet (cold start): deliveries 900/min");
  });

  it("rounds only the sentence: large values whole, small ones to two significant figures", () => {
    const explanation = explain({ features: [{ feature: "payloadBytes", unit: " B", score: seasonal(18_734.4, 2_210.67, 301.2) }, { feature: "signatureAgeSeconds", unit: " s", score: seasonal(0.01234, 0.5, 0.25) }] });
    expect(explanation.sentence).toBe("payloadBytes 18734 B vs 2211 ± 301 expected (z 54.9); signatureAgeSeconds 0.012 s vs 0.5 ± 0.25 expected (z -2.0)");
    expect(explanation.features[0]!.value).toBe(18_734.4);
  });

  it("explains a real spike end to end: the seasonal baselines and the forest both point at the feature that jumped", () => {
    const random = mulberry32(5);
    const start = Date.UTC(2026, 0, 5);
    const deliveries = new SeasonalBaseline();
    const successEvents = new SeasonalBaseline();
    const rows: number[][] = [];
    for (let minute = 0; minute < 2 * 1440; minute++) {
      const row = [20 + Math.floor(random() * 6), 2 + Math.floor(random() * 3)];
      deliveries.update(start + minute * 60_000, row[0]!);
      successEvents.update(start + minute * 60_000, row[1]!);
      rows.push(row);
    }
    const forest = IsolationForest.fit(rows, { seed: 1 });
    const at = start + 2 * 1440 * 60_000;
    const minute = [24, 42];
    const explanation = explain({
      features: [
        { feature: "deliveries", unit: "/min", score: deliveries.score(at, minute[0]!) },
        { feature: "successEvents", label: "success events", unit: "/min", score: successEvents.score(at, minute[1]!) },
      ],
      forest: { score: forest.score(minute), featureNames: ["deliveries", "successEvents"] },
    });
    expect(explanation.features[0]).toMatchObject({ feature: "successEvents", value: 42, coldStart: false });
    expect(explanation.features[0]!.expected).toBeCloseTo(3, 0);
    expect(explanation.features[0]!.z).toBeGreaterThan(10);
    expect(explanation.contributions[0]!.feature).toBe("successEvents");
    expect(explanation.modelScore!).toBeGreaterThan(0.7);
    expect(explanation.sentence).toMatch(/^success events 42\/min vs 3(\.\d)? ± \d(\.\d)? expected \(z \d+\.\d\); deliveries 24\/min .*; isolation score 0\.\d\d \(mostly success events, \d+%\)$/);
  });
});
