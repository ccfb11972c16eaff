/**
 * A decision's or a breaker's explanation (free-form JSON, see DECISION_KINDS) turned into what a
 * person reads: the rule, whether it looks like an attack, one row per feature with its value and
 * what it was compared with, the multivariate score and its main contributions, and every other
 * fact as a labelled line. Pure, so the console and the CLI show the same words.
 */
export type FeatureRow = {
  feature: string;
  value: string;
  /** What the value was compared with: the baseline, or the expected value ± its spread. */
  comparedWith: string | null;
  /** The threshold it was held against. */
  limit: string | null;
  /** How unusual: a z-score. */
  score: string | null;
  /** Context for the comparison: a cold start (too little history), the seasonal profile used. */
  note: string | null;
};

export type ExplanationView = {
  rule: string | null;
  /** The models' own one-line summary, when the explanation carries one (server/gatekeeper/models/explain.ts). */
  sentence: string | null;
  /** True when the gatekeeper took it for an attack; false for noise it explains away; null when it does not say. */
  attack: boolean | null;
  features: FeatureRow[];
  /** The isolation forest's view: its score and the features that made the minute stand out. */
  model: { score: string | null; note: string | null; contributions: { feature: string; value: string; share: string }[] } | null;
  facts: { label: string; value: string }[];
};

const RULES: Record<string, string> = {
  unusual_sources: "verified deliveries from addresses never seen before",
  success_burst: "a burst of success events unlike the baseline",
  replay_surge: "a surge of replayed deliveries",
  volume: "a volume unlike the baseline",
  unusual_mix: "an unusual mix of traffic",
  failure_flood: "a flood of forged or malformed requests",
};

const FACT_LABELS: Record<string, string> = {
  by: "by",
  forcedBy: "forced by",
  forced: "forced open by a person",
  eventTypes: "event types",
  requestedTypes: "types asked for",
  transition: "transition",
  stillHeld: "events still held",
  until: "until",
  capHours: "cap (hours)",
  shedHours: "shed (hours)",
  cap: "cap",
  reasons: "refusals by reason",
  stripeAddress: "one of Stripe's addresses",
  lastEndpoint: "last endpoint",
  blockedUntil: "blocked until",
  repeat: "repeats within a day",
  address: "address",
  policy: "policy",
  hint: "note",
  window: "last minute",
  history: "last week",
};

function words(key: string): string {
  return FACT_LABELS[key] ?? key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase();
}

export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return Number.isInteger(value) ? value.toLocaleString("en-US") : String(Math.round(value * 1000) / 1000);
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map(formatValue).join(", ");
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? "none" : entries.map(([key, inner]) => `${words(key)}: ${formatValue(inner)}`).join("; ");
  }
  return String(value);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const present = (value: unknown) => value !== undefined && value !== null;

function featureRow(raw: Record<string, unknown>): FeatureRow {
  const compared = present(raw.baseline)
    ? formatValue(raw.baseline)
    : present(raw.expected)
      ? `${formatValue(raw.expected)}${present(raw.spread) ? ` ± ${formatValue(raw.spread)}` : ""} expected`
      : null;
  const notes = [raw.coldStart === true ? "cold start: too little history, a fixed threshold applies" : null, present(raw.profile) ? `profile: ${formatValue(raw.profile)}` : null].filter(Boolean);
  return {
    feature: typeof raw.feature === "string" ? raw.feature : "feature",
    value: formatValue(raw.value),
    comparedWith: compared,
    limit: present(raw.limit) ? formatValue(raw.limit) : null,
    score: present(raw.z) ? `z ${formatValue(raw.z)}` : present(raw.score) ? formatValue(raw.score) : null,
    note: notes.length ? notes.join("; ") : null,
  };
}

export function describeExplanation(explanation: Record<string, unknown> | null | undefined): ExplanationView {
  const source = isRecord(explanation) ? explanation : {};
  const view: ExplanationView = { rule: null, sentence: null, attack: null, features: [], model: null, facts: [] };
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    if (key === "rule" && typeof value === "string") view.rule = RULES[value] ?? words(value);
    else if (key === "attack" && typeof value === "boolean") view.attack = value;
    else if (key === "features" && Array.isArray(value)) view.features = value.filter(isRecord).map(featureRow);
    else if (key === "isolationForest" && isRecord(value)) {
      view.model = {
        score: present(value.score) ? formatValue(value.score) : null,
        note: typeof value.note === "string" ? value.note : null,
        contributions: (Array.isArray(value.contributions) ? value.contributions.filter(isRecord) : []).map((part) => ({
          feature: formatValue(part.feature),
          value: formatValue(part.value),
          share: typeof part.share === "number" ? `${Math.round(part.share * 100)}%` : formatValue(part.share),
        })),
      };
    } else if (key === "sentence" && typeof value === "string") view.sentence = value;
    else if (key === "modelScore" && (typeof value === "number" || value === null) && Array.isArray(source.contributions)) continue;
    else if (key === "contributions" && Array.isArray(value) && "modelScore" in source) {
      // The models' Explanation: the forest's score and its feature shares at the top level.
      view.model = {
        score: present(source.modelScore) ? formatValue(source.modelScore) : null,
        note: null,
        contributions: value.filter(isRecord).map((part) => ({ feature: formatValue(part.feature), value: present(part.value) ? formatValue(part.value) : "—", share: typeof part.share === "number" ? `${Math.round(part.share * 100)}%` : formatValue(part.share) })),
      };
    } else view.facts.push({ label: words(key), value: formatValue(value) });
  }
  return view;
}

/** The same, as plain text lines (the CLI). */
export function explanationLines(explanation: Record<string, unknown> | null | undefined, indent = "  "): string[] {
  const view = describeExplanation(explanation);
  const lines: string[] = [];
  if (view.sentence) lines.push(`${indent}${view.sentence}`);
  if (view.rule) lines.push(`${indent}rule: ${view.rule}${view.attack === null ? "" : view.attack ? " (taken for an attack)" : " (not an attack)"}`);
  for (const feature of view.features) {
    const parts = [`${feature.value}`, feature.comparedWith ? `against ${feature.comparedWith}` : null, feature.limit ? `limit ${feature.limit}` : null, feature.score, feature.note].filter(Boolean);
    lines.push(`${indent}${feature.feature}: ${parts.join(", ")}`);
  }
  if (view.model) {
    const parts = view.model.contributions.map((part) => (part.value === "—" ? `${part.feature} (${part.share})` : `${part.feature} ${part.value} (${part.share})`));
    lines.push(`${indent}isolation forest: ${view.model.score ?? "no score"}${view.model.note ? ` (${view.model.note})` : ""}${parts.length ? `; mostly ${parts.join(", ")}` : ""}`);
  }
  for (const fact of view.facts) lines.push(`${indent}${fact.label}: ${fact.value}`);
  return lines;
}
