/** Scales a median absolute deviation to estimate the standard deviation of normally distributed values. */
export const MAD_TO_SIGMA = 1.4826;

export type RobustStats = {
  count: number;
  mean: number;
  median: number;
  /** Median absolute deviation from the median, unscaled. */
  mad: number;
  /** `MAD_TO_SIGMA × mad`: a spread that a few wild values cannot inflate (half the values would have to be wild). */
  sigma: number;
};

/**
 * Median, MAD and mean of a list of finite numbers. The baselines use the median and MAD rather
 * than mean and standard deviation because an attack that is already in the history (a burst of
 * forged requests last Tuesday) must not widen what counts as normal. The mean is returned for
 * comparing like with like against an average (the EWMA level). An empty list gives zeros and
 * `count` 0: the caller decides what too little data means.
 */
export function robustStats(values: readonly number[]): RobustStats {
  const count = values.length;
  if (count === 0) return { count: 0, mean: 0, median: 0, mad: 0, sigma: 0 };
  const sorted = Float64Array.from(values).sort();
  const median = middle(sorted);
  const deviations = sorted.map((value) => Math.abs(value - median)).sort();
  const mad = middle(deviations);
  let sum = 0;
  for (const value of sorted) sum += value;
  return { count, mean: sum / count, median, mad, sigma: MAD_TO_SIGMA * mad };
}

function middle(sorted: Float64Array): number {
  const half = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
}
