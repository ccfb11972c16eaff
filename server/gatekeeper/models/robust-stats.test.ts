import { describe, expect, it } from "vitest";
import { MAD_TO_SIGMA, robustStats } from "./robust-stats";

describe("robustStats", () => {
  it("takes the middle value of an odd count and the mean of the two middle values of an even count, whatever the order", () => {
    expect(robustStats([9, 1, 5]).median).toBe(5);
    expect(robustStats([4, 1, 3, 2]).median).toBe(2.5);
  });

  it("gives the median absolute deviation and its normal-consistent sigma", () => {
    const stats = robustStats([1, 2, 3, 4, 100]);
    expect(stats).toMatchObject({ count: 5, median: 3, mad: 1, mean: 22 });
    expect(stats.sigma).toBeCloseTo(MAD_TO_SIGMA, 12);
  });

  it("is barely moved when a sixth of the values are wild, unlike the mean", () => {
    const calm = Array.from({ length: 60 }, (_, i) => 10 + (i % 5));
    const attacked = [...calm.slice(0, 50), ...Array.from({ length: 10 }, () => 5000)];
    expect(Math.abs(robustStats(attacked).median - robustStats(calm).median)).toBeLessThanOrEqual(0.5);
    expect(robustStats(attacked).mad).toBeLessThanOrEqual(robustStats(calm).mad + 1);
    expect(robustStats(attacked).mean).toBeGreaterThan(800);
  });

  it("estimates the standard deviation of normal values", () => {
    const normal = Array.from({ length: 2001 }, (_, i) => {
      const p = (i + 0.5) / 2001;
      return Math.sqrt(2) * inverseErf(2 * p - 1) * 3;
    });
    expect(robustStats(normal).sigma).toBeCloseTo(3, 1);
  });

  it("gives zeros for an empty list and a zero spread for identical values, leaving the floor to the caller", () => {
    expect(robustStats([])).toEqual({ count: 0, mean: 0, median: 0, mad: 0, sigma: 0 });
    expect(robustStats([7, 7, 7])).toMatchObject({ median: 7, mad: 0, sigma: 0 });
  });
});

/** Winitzki's approximation, close enough to lay out normal quantiles for the test. */
function inverseErf(x: number): number {
  const a = 0.147;
  const ln = Math.log(1 - x * x);
  const first = 2 / (Math.PI * a) + ln / 2;
  return Math.sign(x) * Math.sqrt(Math.sqrt(first * first - ln / a) - first);
}
