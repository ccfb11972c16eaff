import type { IsolationScore } from "./isolation-forest";
import type { SeasonalScore } from "./seasonal-baseline";

export type FeatureReading = {
  /** The feature's stable key, stored with the decision (`successEvents`). */
  feature: string;
  /** Words for the sentence (`success events`). Default: the key. */
  label?: string;
  /** Written after each number in the sentence (`/min`, ` ms`, `%`). Default: nothing. */
  unit?: string;
  /** The feature's seasonal score for the minute. */
  score: SeasonalScore;
};

export type FeatureExplanation = {
  feature: string;
  value: number;
  expected: number;
  spread: number;
  z: number;
  /** No baseline yet: the decision used fixed limits, not this z. */
  coldStart: boolean;
};

export type Explanation = {
  /** Every feature given, largest |z| first; cold-start features last (their z compares with no real baseline). */
  features: FeatureExplanation[];
  /** The isolation forest's score of the whole vector, or null without one. */
  modelScore: number | null;
  /** The forest's feature shares, by feature key, largest first. */
  contributions: { feature: string; share: number }[];
  /** One line for people, e.g. "success events 42/min vs 3.1 ± 1.2 expected (z 32.4)". */
  sentence: string;
};

export type ExplainInput = {
  features: readonly FeatureReading[];
  /** The forest's score, with the feature key of each index of its rows. */
  forest?: { score: IsolationScore; featureNames: readonly string[] };
  /** How many features the sentence names. Default 2: the sentence is a summary, the list is the evidence. */
  sentenceFeatures?: number;
};

/**
 * Turns model scores into what a decision stores and shows: each feature's value next to the
 * baseline it was compared with, so an operator can check the arithmetic without the model.
 * Numbers in the objects are exact (a stored z must say why it crossed a threshold, not a rounded
 * neighbour of it); only the sentence rounds.
 */
export function explain(input: ExplainInput): Explanation {
  const readings = [...input.features].sort((a, b) => Number(a.score.coldStart) - Number(b.score.coldStart) || Math.abs(b.score.z) - Math.abs(a.score.z));
  const features = readings.map(({ feature, score }) => ({ feature, value: score.value, expected: score.expected, spread: score.spread, z: score.z, coldStart: score.coldStart }));
  const labelOf = new Map(input.features.map((reading) => [reading.feature, reading.label ?? reading.feature]));

  const contributions = (input.forest?.score.contributions ?? []).map(({ feature, share }) => ({ feature: input.forest!.featureNames[feature] ?? `feature ${feature}`, share }));
  const named = readings.slice(0, input.sentenceFeatures ?? 2);
  const parts = named.filter((reading) => !reading.score.coldStart).map(describe);
  const cold = named.filter((reading) => reading.score.coldStart);
  if (parts.length === 0 && cold.length > 0) {
    parts.push(`no baseline yet (cold start): ${cold.map((reading) => `${reading.label ?? reading.feature} ${format(reading.score.value)}${reading.unit ?? ""}`).join(", ")}`);
  }
  if (input.forest) {
    const top = contributions[0];
    const lead = top ? ` (mostly ${labelOf.get(top.feature) ?? top.feature}, ${Math.round(top.share * 100)}%)` : "";
    parts.push(`isolation score ${input.forest.score.score.toFixed(2)}${lead}`);
  }

  return { features, modelScore: input.forest?.score.score ?? null, contributions, sentence: parts.join("; ") };
}

function describe(reading: FeatureReading): string {
  const { score } = reading;
  const unit = reading.unit ?? "";
  return `${reading.label ?? reading.feature} ${format(score.value)}${unit} vs ${format(score.expected)} ± ${format(score.spread)} expected (z ${score.z.toFixed(1)})`;
}

/** Whole numbers as they are; others to about two significant figures below 10, one decimal below 100, none above. */
function format(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const size = Math.abs(value);
  if (size >= 100) return value.toFixed(0);
  if (size >= 10) return value.toFixed(1);
  return String(Number(value.toPrecision(2)));
}
