import { describe, expect, it } from "vitest";
import { IsolationForest } from "./isolation-forest";
import { mulberry32 } from "./mulberry32";

function gaussian(seed: number): () => number {
  const random = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Two round clusters of 500 rows each, around (0, 0) and (8, 8). */
function twoClusters(): number[][] {
  const noise = gaussian(11);
  return Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? [noise(), noise()] : [8 + noise(), 8 + noise()]));
}

function normalRows(count: number, features: number, seed: number): number[][] {
  const noise = gaussian(seed);
  return Array.from({ length: count }, () => Array.from({ length: features }, noise));
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

describe("IsolationForest", () => {
  it("scores outliers of two clusters above 0.65 and the clusters' own rows below 0.55 on average", () => {
    const rows = twoClusters();
    const forest = IsolationForest.fit(rows, { seed: 1 });
    expect(mean(rows.map((row) => forest.score(row).score))).toBeLessThan(0.55);
    for (const outlier of [[20, 0], [-7, 9], [16, 16], [-6, -6]]) {
      expect(forest.score(outlier).score, `outlier ${outlier.join(", ")}`).toBeGreaterThan(0.65);
    }
    const center = forest.score([8, 8]);
    const far = forest.score([20, 0]);
    expect(far.pathLength).toBeLessThan(center.pathLength / 1.5);
  });

  it("gives most of the contribution to feature 3 for a row anomalous only in feature 3 of 6, and none to a typical row", () => {
    const forest = IsolationForest.fit(normalRows(1000, 6, 2), { seed: 3 });
    const noise = gaussian(4);
    for (let i = 0; i < 10; i++) {
      const row = Array.from({ length: 6 }, () => noise() * 0.5);
      row[3] = 6 + i;
      const { contributions } = forest.score(row);
      expect(contributions[0]!.feature).toBe(3);
      expect(contributions[0]!.share).toBeGreaterThan(0.5);
    }
    expect(forest.score([0, 0, 0, 0, 0, 0]).contributions.reduce((sum, c) => sum + c.share, 0)).toBeLessThanOrEqual(1);
    expect(forest.score([0.1, -0.1, 0, 0.05, 0, -0.05]).contributions).toEqual([]);
  });

  it("shares the explanation between the two features a row is anomalous in, largest first, summing to 1", () => {
    const forest = IsolationForest.fit(normalRows(1000, 6, 5), { seed: 6 });
    const { contributions, score } = forest.score([0, 0, 7, 0, 0, -7]);
    expect(score).toBeGreaterThan(0.6);
    expect(contributions.slice(0, 2).map((c) => c.feature).sort()).toEqual([2, 5]);
    expect(contributions[0]!.share + contributions[1]!.share).toBeGreaterThan(0.8);
    expect(contributions.reduce((sum, c) => sum + c.share, 0)).toBeCloseTo(1, 12);
    expect(contributions.every((c, i) => i === 0 || contributions[i - 1]!.share >= c.share)).toBe(true);
  });

  it("gives the same forest and scores for the same seed, and another forest for another seed", () => {
    const rows = normalRows(600, 4, 7);
    const probe = [[0, 0, 0, 0], [3, -2, 0, 1], [9, 0, 0, 0]];
    const a = IsolationForest.fit(rows, { seed: 42 });
    const b = IsolationForest.fit(rows, { seed: 42 });
    const c = IsolationForest.fit(rows, { seed: 43 });
    expect(probe.map((row) => b.score(row))).toEqual(probe.map((row) => a.score(row)));
    expect(b.toJSON()).toEqual(a.toJSON());
    expect(c.score(probe[1]!).score).not.toBe(a.score(probe[1]!).score);
  });

  it("scores a new row further beyond everything in the history higher, and credits the feature it is beyond in", () => {
    const forest = IsolationForest.fit(normalRows(1000, 6, 2), { seed: 3 });
    const beyond = (times: number) => forest.score([0, 0, 0, 4 * times, 0, 0]);
    const scores = [1, 2, 5, 20].map((times) => beyond(times).score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(scores[3]! - scores[0]!).toBeGreaterThan(0.1);
    expect(scores[3]!).toBeGreaterThan(0.6);
    expect(beyond(20).contributions[0]).toMatchObject({ feature: 3 });
    expect(beyond(20).contributions[0]!.share).toBeGreaterThan(0.9);
  });

  it("fits and scores when features are constant, splitting only on those that vary", () => {
    const noise = gaussian(8);
    const rows = Array.from({ length: 300 }, () => [noise(), 0, 5, noise()]);
    const forest = IsolationForest.fit(rows, { seed: 1 });
    expect(forest.toJSON().trees.flatMap((tree) => tree.feature).filter((f) => f === 1 || f === 2)).toEqual([]);
    const scored = forest.score([9, 0, 5, 0]);
    expect(scored.score).toBeGreaterThan(0.6);
    expect(scored.contributions[0]!.feature).toBe(0);

    const flat = IsolationForest.fit(Array.from({ length: 50 }, () => [1, 2, 3]), { seed: 1 });
    expect(flat.score([1, 2, 3]).score).toBeCloseTo(0.5, 12);
    expect(flat.score([1, 2, 3]).contributions).toEqual([]);
    expect(flat.score([100, 2, 3]).score).toBeCloseTo(0.5, 12);
  });

  it("survives a JSON round trip with identical scores and explanations", () => {
    const rows = normalRows(500, 5, 9);
    const forest = IsolationForest.fit(rows, { seed: 5, trees: 30, sampleSize: 128 });
    const restored = IsolationForest.fromJSON(JSON.parse(JSON.stringify(forest)));
    for (const row of [...rows.slice(0, 20), [8, 0, 0, 0, -8]]) expect(restored.score(row)).toEqual(forest.score(row));
    expect(restored.toJSON()).toEqual(forest.toJSON());
  });

  it("refuses a stored forest that is malformed rather than scoring with it", () => {
    const state = IsolationForest.fit(normalRows(50, 2, 1), { seed: 1, trees: 2 }).toJSON();
    const tree = state.trees[0]!;
    expect(() => IsolationForest.fromJSON({ ...state, version: 2 })).toThrow();
    expect(() => IsolationForest.fromJSON({ ...state, trees: [{ ...tree, size: tree.size.slice(1) }] })).toThrow();
    const split = { feature: [0, -1, -1], threshold: [0, 0, 0], low: [-1, 0, 0], high: [1, 0, 0], size: [4, 2, 2] };
    expect(IsolationForest.fromJSON({ ...state, trees: [split] }).score([5, 0]).score).toBeGreaterThan(0.5);
    expect(() => IsolationForest.fromJSON({ ...state, trees: [{ feature: [0], threshold: [1], low: [0], high: [2], size: [4] }] })).toThrow(/truncated/);
    expect(() => IsolationForest.fromJSON({ ...state, featureCount: 1, trees: [{ ...split, feature: [1, -1, -1] }] })).toThrow(/feature/);
    expect(() => IsolationForest.fromJSON({ ...state, trees: [{ ...split, size: [4, 2, 1] }] })).toThrow(/add up/);
    expect(() => IsolationForest.fromJSON({ ...state, trees: [{ ...split, threshold: [3, 0, 0] }] })).toThrow(/range/);
  });

  it("uses all rows when there are fewer than the sample size", () => {
    const forest = IsolationForest.fit(normalRows(40, 3, 2), { seed: 1 });
    expect(forest.toJSON()).toMatchObject({ sampleSize: 40 });
    expect(forest.toJSON().trees.every((tree) => tree.size[0] === 40)).toBe(true);
    expect(forest.score([12, 0, 0]).score).toBeGreaterThan(0.6);
  });

  it("refuses too few rows, ragged rows, non-finite values and rows of the wrong length", () => {
    expect(() => IsolationForest.fit([[1, 2]], { seed: 1 })).toThrow(RangeError);
    expect(() => IsolationForest.fit([[1, 2], [3]], { seed: 1 })).toThrow(RangeError);
    expect(() => IsolationForest.fit([[1, 2], [3, Number.NaN]], { seed: 1 })).toThrow(RangeError);
    expect(() => IsolationForest.fit([[1], [2]], { seed: 1, trees: 0 })).toThrow(RangeError);
    const forest = IsolationForest.fit([[1, 2], [3, 4], [5, 6]], { seed: 1 });
    expect(() => forest.score([1])).toThrow(RangeError);
    expect(() => forest.score([1, Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});
