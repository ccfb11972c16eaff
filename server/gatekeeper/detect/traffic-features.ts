/**
 * The traffic of one endpoint over a minute (a `traffic_minute` row, or the sliding last 60 seconds
 * made of two rows), and the feature vector the gatekeeper's multivariate model scores. Counts
 * enter the vector as log(1 + n), so a tenfold burst is a step, not a cliff.
 */
export type TrafficCounts = {
  deliveries: number;
  firstDeliveries: number;
  retries: number;
  replays: number;
  successEvents: number;
  outsideDeliveries: number;
  unusualDeliveries: number;
  staleEvents: number;
  rejected: number;
  signatureFailures: number;
  refused: number;
  throttled: number;
  shed: number;
  payloadBytes: number;
  signatureAgeMs: number;
  sourceCount: number;
  typeCounts: Record<string, number>;
  unusualTypeCounts: Record<string, number>;
  replayTypeCounts: Record<string, number>;
  sources: string[];
};

export const FEATURE_NAMES = [
  "deliveries per minute (log)",
  "success events per minute (log)",
  "success share of new events",
  "share from outside Stripe's addresses",
  "share from unusual sources",
  "replay share",
  "refused share",
  "distinct sources (log)",
  "mean signature age (s)",
  "mean payload size (log bytes)",
  "event-type mix (entropy, bits)",
  "share of events created over an hour ago",
] as const;

const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

export function successShare(counts: TrafficCounts): number {
  return share(counts.successEvents, counts.firstDeliveries);
}

export function staleShare(counts: TrafficCounts): number {
  return share(counts.staleEvents, counts.firstDeliveries);
}

export function outsideShare(counts: TrafficCounts): number {
  return share(counts.outsideDeliveries, counts.deliveries);
}

/** Shannon entropy of the event types of new events, in bits. */
export function typeEntropy(typeCounts: Record<string, number>): number {
  const values = Object.values(typeCounts).filter((count) => count > 0);
  const total = values.reduce((sum, count) => sum + count, 0);
  return values.reduce((entropy, count) => entropy - (count / total) * Math.log2(count / total), 0);
}

export function featureVector(counts: TrafficCounts): number[] {
  return [
    Math.log1p(counts.deliveries),
    Math.log1p(counts.successEvents),
    successShare(counts),
    outsideShare(counts),
    share(counts.unusualDeliveries, counts.deliveries),
    share(counts.replays, counts.deliveries),
    share(counts.rejected, counts.deliveries + counts.rejected),
    Math.log1p(counts.sourceCount),
    Math.min(600, share(counts.signatureAgeMs, counts.deliveries) / 1000),
    Math.log1p(share(counts.payloadBytes, counts.deliveries + counts.rejected)),
    typeEntropy(counts.typeCounts),
    staleShare(counts),
  ];
}

export function emptyCounts(): TrafficCounts {
  return {
    deliveries: 0, firstDeliveries: 0, retries: 0, replays: 0, successEvents: 0, outsideDeliveries: 0, unusualDeliveries: 0, staleEvents: 0,
    rejected: 0, signatureFailures: 0, refused: 0, throttled: 0, shed: 0, payloadBytes: 0, signatureAgeMs: 0, sourceCount: 0,
    typeCounts: {}, unusualTypeCounts: {}, replayTypeCounts: {}, sources: [],
  };
}

/** `a + b × weight`, counter by counter (the sliding window: this minute plus part of the previous one). */
export function addCounts(a: TrafficCounts, b: TrafficCounts, weight = 1): TrafficCounts {
  const scaled = (x: Record<string, number>, y: Record<string, number>) => {
    const out: Record<string, number> = { ...x };
    for (const [key, value] of Object.entries(y)) out[key] = (out[key] ?? 0) + value * weight;
    return out;
  };
  const sum = emptyCounts();
  for (const key of Object.keys(sum) as (keyof TrafficCounts)[]) {
    const left = a[key];
    const right = b[key];
    if (typeof left === "number" && typeof right === "number") (sum[key] as number) = left + right * weight;
  }
  sum.typeCounts = scaled(a.typeCounts, b.typeCounts);
  sum.unusualTypeCounts = scaled(a.unusualTypeCounts, b.unusualTypeCounts);
  sum.replayTypeCounts = scaled(a.replayTypeCounts, b.replayTypeCounts);
  sum.sources = [...new Set([...a.sources, ...(weight > 0 ? b.sources : [])])];
  sum.sourceCount = Math.max(a.sourceCount, sum.sources.length);
  return sum;
}
