import { IsolationForest } from "../models/isolation-forest";
import { SeasonalBaseline } from "../models/seasonal-baseline";
import { everyMinute, loadTrafficMinutes } from "./load-traffic";
import { featureVector, successShare, type TrafficCounts } from "./traffic-features";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** How far back baselines learn from, at the first evaluation of a process. */
export const HISTORY_DAYS = 28;
/** The window of the history statistics (shares, quantiles), and how often they and the forest are recomputed. */
const STATS_DAYS = 7;
const RETRAIN_MS = 6 * HOUR_MS;
/** The last hour is left out of the history statistics: an attack going on must not become its own baseline. */
const STATS_LAG_MS = HOUR_MS;
/** The forest needs this many minutes with traffic before it scores; it trains on at most the latest FOREST_ROWS. */
const FOREST_MIN_ROWS = 200;
const FOREST_ROWS = 2_000;

/** What the endpoint's own history says is normal, beside the seasonal baselines. */
export type HistoryStats = {
  /** Verified deliveries in the window: below a few hundred, the endpoint has no history to compare with. */
  deliveries: number;
  outsideShare: number;
  /** Median success share of the minutes with at least 3 new events. */
  successShareMedian: number;
  /** 99th percentile per minute, over minutes with traffic. */
  replaysP99: number;
  failuresP99: number;
  minutesWithTraffic: number;
};

/**
 * An endpoint's learned models: seasonal baselines (hour of week, EWMA level, median/MAD) of its
 * deliveries and success events per minute, an isolation forest over its minutes' feature vectors,
 * and statistics of its last week. Built from `traffic_minute` at the first evaluation, then taught
 * each finished minute; minutes the gatekeeper flagged as an attack are scored, never learned.
 */
export class EndpointModel {
  deliveries = new SeasonalBaseline({ valueKind: "count" });
  success = new SeasonalBaseline({ valueKind: "count" });
  forest: IsolationForest | null = null;
  stats: HistoryStats = { deliveries: 0, outsideShare: 0, successShareMedian: 0, replaysP99: 0, failuresP99: 0, minutesWithTraffic: 0 };
  /** Minutes before this one have been learned (ms). */
  learnedUntil = 0;
  statsAt = 0;
  /** Minutes not to learn (an attack was seen in them). */
  readonly flagged = new Set<number>();

  constructor(readonly endpointId: string) {}

  /** Learns every finished minute since the last call, and refreshes the statistics and the forest when due. */
  async catchUp(now: number): Promise<void> {
    const currentMinute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    if (this.learnedUntil === 0) {
      const from = currentMinute - HISTORY_DAYS * DAY_MS;
      const minutes = await loadTrafficMinutes(this.endpointId, from, currentMinute);
      const first = Math.min(...minutes.keys());
      if (Number.isFinite(first)) this.learn(everyMinute(minutes, first, currentMinute));
      this.learnedUntil = currentMinute;
    } else if (this.learnedUntil < currentMinute) {
      const from = Math.max(this.learnedUntil, currentMinute - HISTORY_DAYS * DAY_MS);
      this.learn(everyMinute(await loadTrafficMinutes(this.endpointId, from, currentMinute), from, currentMinute));
      this.learnedUntil = currentMinute;
    }
    if (now - this.statsAt >= RETRAIN_MS) await this.retrain(now);
  }

  private learn(minutes: { minute: number; counts: TrafficCounts }[]): void {
    for (const { minute, counts } of minutes) {
      if (this.flagged.has(minute)) continue;
      this.deliveries.update(minute, counts.deliveries);
      this.success.update(minute, counts.successEvents);
    }
    for (const minute of this.flagged) if (minute < this.learnedUntil - DAY_MS) this.flagged.delete(minute);
  }

  private async retrain(now: number): Promise<void> {
    const to = Math.floor((now - STATS_LAG_MS) / MINUTE_MS) * MINUTE_MS;
    const minutes = [...(await loadTrafficMinutes(this.endpointId, to - STATS_DAYS * DAY_MS, to))].filter(([minute]) => !this.flagged.has(minute)).map(([, counts]) => counts);
    const withTraffic = minutes.filter((counts) => counts.deliveries > 0 || counts.rejected > 0);
    const total = withTraffic.reduce(
      (sum, counts) => ({ deliveries: sum.deliveries + counts.deliveries, outside: sum.outside + counts.outsideDeliveries }),
      { deliveries: 0, outside: 0 },
    );
    const shares = withTraffic.filter((counts) => counts.firstDeliveries >= 3).map(successShare);
    this.stats = {
      deliveries: total.deliveries,
      outsideShare: total.deliveries > 0 ? total.outside / total.deliveries : 0,
      successShareMedian: quantile(shares, 0.5),
      replaysP99: quantile(withTraffic.map((counts) => counts.replays), 0.99),
      failuresP99: quantile(withTraffic.map((counts) => counts.signatureFailures + counts.rejected - counts.refused - counts.throttled), 0.99),
      minutesWithTraffic: withTraffic.length,
    };
    const rows = withTraffic.filter((counts) => counts.deliveries > 0).slice(-FOREST_ROWS).map(featureVector);
    this.forest = rows.length >= FOREST_MIN_ROWS ? IsolationForest.fit(rows, { seed: seedOf(this.endpointId), trees: 100, sampleSize: 256 }) : null;
    this.statsAt = now;
  }
}

function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** A stable seed per endpoint: the same history gives the same forest on every instance and every run. */
function seedOf(endpointId: string): number {
  let hash = 2_166_136_261;
  for (const char of endpointId) hash = Math.imul(hash ^ char.charCodeAt(0), 16_777_619) >>> 0;
  return hash;
}

