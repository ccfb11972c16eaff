import { resolveAlert } from "../../alerts/resolve-alert";
import { pool } from "../../db";
import { handlerTypeOf } from "../../reconcile/confirm-policy";
import { openBreaker } from "../breaker/open-breaker";
import { recordDecision } from "../decisions";
import { isSuccessEvent } from "../success-event-types";
import { EndpointModel } from "./endpoint-model";
import { setFailureLimit } from "./failure-flood";
import { endpointsToEvaluate, loadTrafficMinutes } from "./load-traffic";
import { addCounts, emptyCounts, FEATURE_NAMES, featureVector, outsideShare, staleShare, successShare, type TrafficCounts } from "./traffic-features";

const MINUTE_MS = 60_000;
/** A robust z-score this high, against a baseline that is not in cold start, is far outside normal. */
export const TRIP_Z = 6;
/** R1: verified deliveries from unusual sources in the last minute, on an endpoint whose history comes from Stripe's addresses. */
export const UNUSUAL_MIN = 3;
/** History below this many deliveries (a week) is too thin to say what is usual. */
export const ESTABLISHED_DELIVERIES = 200;
export const ESTABLISHED_OUTSIDE_SHARE = 0.05;
/** R2: how much the success share must rise above its usual median, besides the burst. */
export const SUCCESS_SHARE_RISE = 0.25;
/** R2 in cold start (no baseline yet): conservative fixed limits. */
export const COLD_SUCCESS_PER_MINUTE = 300;
export const COLD_SUCCESS_SHARE = 0.9;
/** Stripe catching up (most new events created over an hour ago) explains a burst. */
export const STALE_EXPLAINS = 0.5;
/** R3: replays of earlier (t, v1) pairs in a minute. */
export const REPLAY_MIN = 10;
/** Volume anomalies without an attack signal are noted, not acted on; cold-start limit per minute. */
export const COLD_DELIVERIES_PER_MINUTE = 600;
export const FOREST_NOTE_SCORE = 0.75;
/** The same finding is recorded again after this long (a trip that widens is recorded at once). */
const REPEAT_MS = 30 * MINUTE_MS;

const models = new Map<string, EndpointModel>();
const lastNoted = new Map<string, number>();

export type Finding = {
  rule: "unusual_sources" | "success_burst" | "replay_surge" | "volume" | "unusual_mix";
  trip: boolean;
  eventTypes: string[];
  summary: string;
  explanation: Record<string, unknown>;
};

/**
 * Scores each endpoint's last minute of traffic against its own history and acts:
 * - R1 unusual sources: verified deliveries from addresses outside Stripe's list, never seen before,
 *   on an endpoint whose established history comes from Stripe's addresses (a leaked secret used
 *   from elsewhere, replays of captured deliveries) → the breaker holds the types they sent;
 * - R2 success burst: success events far above the seasonal baseline (z ≥ TRIP_Z) while their share
 *   of new events jumps (forged successes come without the events around a real payment), not
 *   explained by Stripe catching up → the breaker holds those success types;
 * - R3 replay surge: many exact replays of earlier (t, v1) pairs → the breaker holds the replayed types;
 * - volume or an unusual mix alone (a Black Friday, a billing run) is recorded as an anomaly and never trips.
 * Every finding carries the features, their values, the baselines and the scores.
 */
export async function evaluateTraffic(now: Date): Promise<Finding[]> {
  const nowMs = now.getTime();
  const currentMinute = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
  const findings: Finding[] = [];
  for (const endpoint of await endpointsToEvaluate(new Date(currentMinute - 2 * MINUTE_MS))) {
    const model = models.get(endpoint.id) ?? new EndpointModel(endpoint.id);
    models.set(endpoint.id, model);
    await model.catchUp(nowMs);
    setFailureLimit(endpoint.id, Math.max(5, Math.ceil(3 * model.stats.failuresP99)));
    const minutes = await loadTrafficMinutes(endpoint.id, currentMinute - MINUTE_MS, currentMinute + MINUTE_MS);
    const elapsed = (nowMs - currentMinute) / MINUTE_MS;
    const window = addCounts(minutes.get(currentMinute) ?? emptyCounts(), minutes.get(currentMinute - MINUTE_MS) ?? emptyCounts(), 1 - elapsed);
    const endpointFindings = score(model, window, nowMs);
    for (const finding of endpointFindings) {
      if (finding.trip) {
        model.flagged.add(currentMinute);
        model.flagged.add(currentMinute - MINUTE_MS);
        await openBreaker({ endpointId: endpoint.id, endpointName: endpoint.name, at: now, eventTypes: finding.eventTypes, reason: finding.summary, explanation: { rule: finding.rule, ...finding.explanation } });
      } else {
        const key = `${endpoint.id}|${finding.rule}`;
        const last = lastNoted.get(key);
        if (last !== undefined && nowMs - last < REPEAT_MS && nowMs >= last) continue;
        lastNoted.set(key, nowMs);
        await recordDecision({ at: now, endpointId: endpoint.id, kind: "anomaly", subject: `endpoint:${endpoint.name}`, summary: `${endpoint.name}: ${finding.summary}`, explanation: { rule: finding.rule, attack: false, ...finding.explanation } });
      }
    }
    findings.push(...endpointFindings);
  }
  return findings;
}

/** The rules, on one endpoint's last minute (pure: the model and the window in, findings out). */
export function score(model: EndpointModel, window: TrafficCounts, nowMs: number): Finding[] {
  const findings: Finding[] = [];
  const stats = model.stats;
  const established = stats.deliveries >= ESTABLISHED_DELIVERIES;
  const vector = featureVector(window);
  const forest = model.forest && window.deliveries > 0 ? model.forest.score(vector) : null;
  const forestExplanation = forest
    ? { score: round(forest.score), contributions: forest.contributions.slice(0, 4).map((c) => ({ feature: FEATURE_NAMES[c.feature], share: round(c.share), value: round(vector[c.feature]!) })) }
    : { score: null, note: `fewer than 200 minutes with traffic in the last week: the multivariate model is not trained yet` };
  const common = {
    window: { deliveries: round(window.deliveries), successEvents: round(window.successEvents), firstDeliveries: round(window.firstDeliveries), sources: window.sources.slice(0, 10) },
    history: { deliveries: stats.deliveries, outsideShare: round(stats.outsideShare), successShareMedian: round(stats.successShareMedian), replaysP99: stats.replaysP99, minutesWithTraffic: stats.minutesWithTraffic },
    isolationForest: forestExplanation,
  };
  const stale = staleShare(window);

  // R1: unusual sources.
  if (window.unusualDeliveries >= UNUSUAL_MIN && established && stats.outsideShare <= ESTABLISHED_OUTSIDE_SHARE) {
    const types = Object.keys(window.unusualTypeCounts).map(handlerTypeOf);
    findings.push({
      rule: "unusual_sources",
      trip: true,
      eventTypes: types,
      summary: `${Math.round(window.unusualDeliveries)} verified deliveries in the last minute came from addresses never seen before and outside Stripe's list, on an endpoint whose history comes from Stripe's addresses (${pct(stats.outsideShare)} outside in the last week)`,
      explanation: {
        attack: true,
        features: [
          { feature: "verified deliveries from unusual sources per minute", value: round(window.unusualDeliveries), baseline: 0, limit: UNUSUAL_MIN },
          { feature: "share from outside Stripe's addresses", value: round(outsideShare(window)), baseline: round(stats.outsideShare), limit: ESTABLISHED_OUTSIDE_SHARE },
        ],
        typesFromUnusualSources: roundAll(window.unusualTypeCounts),
        ...common,
      },
    });
  }

  // R2: a burst of success events unlike the baseline.
  const successScore = model.success.score(nowMs, window.successEvents);
  const share = successShare(window);
  const shareRise = share - stats.successShareMedian;
  const successTypes = Object.keys(window.typeCounts).filter(isSuccessEvent).map(handlerTypeOf);
  const burst = successScore.coldStart
    ? window.successEvents >= COLD_SUCCESS_PER_MINUTE && share >= COLD_SUCCESS_SHARE
    : successScore.z >= TRIP_Z && shareRise >= SUCCESS_SHARE_RISE && window.successEvents >= 10;
  if (burst && stale < STALE_EXPLAINS && successTypes.length > 0) {
    findings.push({
      rule: "success_burst",
      trip: true,
      eventTypes: successTypes,
      summary: `${Math.round(window.successEvents)} success events in the last minute against ${round(successScore.expected)} ± ${round(successScore.spread)} expected (z ${round(successScore.z)}), and they are ${pct(share)} of new events against ${pct(stats.successShareMedian)} usually`,
      explanation: {
        attack: true,
        features: [
          { feature: "success events per minute", value: round(window.successEvents), expected: round(successScore.expected), spread: round(successScore.spread), z: round(successScore.z), coldStart: successScore.coldStart, profile: successScore.profile },
          { feature: "success share of new events", value: round(share), baseline: round(stats.successShareMedian), limit: round(stats.successShareMedian + SUCCESS_SHARE_RISE) },
          { feature: "share of events created over an hour ago", value: round(stale), limit: STALE_EXPLAINS },
        ],
        ...common,
      },
    });
  }

  // R3: a surge of replays.
  const replayLimit = Math.max(REPLAY_MIN, Math.ceil(3 * stats.replaysP99) + 5);
  if (window.replays >= replayLimit) {
    findings.push({
      rule: "replay_surge",
      trip: true,
      eventTypes: Object.keys(window.replayTypeCounts).map(handlerTypeOf),
      summary: `${Math.round(window.replays)} exact replays of earlier signed deliveries in the last minute (limit ${replayLimit}): someone is re-sending captured requests`,
      explanation: { attack: true, features: [{ feature: "replays per minute", value: round(window.replays), baseline: stats.replaysP99, limit: replayLimit }], replayedTypes: roundAll(window.replayTypeCounts), ...common },
    });
  }

  // Volume alone, or an unusual mix: noted with its likely explanation, never acted on.
  if (!findings.some((finding) => finding.trip)) {
    const volume = model.deliveries.score(nowMs, window.deliveries);
    const loud = volume.coldStart ? window.deliveries >= COLD_DELIVERIES_PER_MINUTE : volume.z >= TRIP_Z;
    if (loud) {
      const why = stale >= STALE_EXPLAINS ? "most new events were created over an hour ago: Stripe catching up after an outage" : "from known sources with the usual mix of events: a legitimate burst (a billing run, a sale)";
      findings.push({
        rule: "volume",
        trip: false,
        eventTypes: [],
        summary: `${Math.round(window.deliveries)} deliveries in the last minute against ${round(volume.expected)} ± ${round(volume.spread)} expected (z ${round(volume.z)}); ${why}`,
        explanation: { features: [{ feature: "deliveries per minute", value: round(window.deliveries), expected: round(volume.expected), spread: round(volume.spread), z: round(volume.z), coldStart: volume.coldStart, profile: volume.profile }, { feature: "share of events created over an hour ago", value: round(stale) }], ...common },
      });
    } else if (forest && forest.score >= FOREST_NOTE_SCORE) {
      findings.push({ rule: "unusual_mix", trip: false, eventTypes: [], summary: `this minute's traffic is unlike the last week's (isolation score ${round(forest.score)}), mostly in ${forestExplanation.contributions?.[0]?.feature ?? "several features"}`, explanation: { ...common } });
    }
  }
  return findings;
}

/** Resolves the traffic alert of endpoints quiet again (no signature-failure flood for REPEAT_MS). */
export async function resolveQuietAnomalies(now: Date): Promise<void> {
  const open = await pool().query<{ subject: string }>(`SELECT subject FROM alert WHERE kind = 'traffic_anomaly' AND resolved_at IS NULL`);
  for (const { subject } of open.rows) {
    const name = subject.replace(/^endpoint:/, "");
    const [row] = (
      await pool().query<{ failures: number }>(
        `SELECT COALESCE(sum(t.signature_failures), 0)::int AS failures FROM traffic_minute t JOIN endpoint e ON e.id = t.endpoint_id WHERE e.name = $1 AND t.minute >= $2`,
        [name, new Date(now.getTime() - REPEAT_MS)],
      )
    ).rows;
    if ((row?.failures ?? 0) === 0) await resolveAlert("traffic_anomaly", subject);
  }
}

/** Forgets learned models (tests; a new history). */
export function resetTrafficModels(): void {
  models.clear();
  lastNoted.clear();
}

const round = (value: number) => Math.round(value * 100) / 100;
const pct = (value: number) => `${Math.round(value * 100)}%`;
const roundAll = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).map(([key, value]) => [key, round(value)]));
