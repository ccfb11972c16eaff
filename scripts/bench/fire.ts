/**
 * One load run against one target with autocannon's programmatic API.
 *
 * Each of the `connections` clients sends one request at a time (no pipelining).
 * `setupRequest` takes the next entry from the shared RequestPool and notes it in
 * the client's context; autocannon calls `onResponse` for the response to that
 * same request before it builds the client's next one, so the context names the
 * entry each answer belongs to. The run checks this pairing itself: the
 * verify-only server echoes the event id it verified, and our intake answers
 * `"duplicate":true` exactly for the repeats the pool sent (see AckLedger).
 */
import autocannon from "autocannon";
import type { EventEmitter } from "node:events";
import type { DeliveryKind, PooledRequest, RequestPool } from "./request-pool";

export type Target = { key: "intake" | "noop" | "verify"; label: string; baseUrl: string; path: string };

/** What the load generator learnt from the answers, across the warm-up and the measured run. */
export class AckLedger {
  /** Event id → number of 2xx answers it got. */
  readonly acknowledged = new Map<string, number>();
  answers2xx = 0;
  sentByKind: Record<DeliveryKind, number> = { first: 0, replay: 0, retry: 0 };
  acknowledgedRepeats = 0;
  answeredDuplicateTrue = 0;
  /** 2xx answers whose duplicate flag disagrees with what was sent (intake only). */
  duplicateFlagMismatches = 0;
  /** 2xx answers that echo another event id than the one sent (verify-only only). */
  echoMismatches = 0;

  noteSent(entry: PooledRequest): void {
    this.sentByKind[entry.kind] += 1;
  }

  record(entry: PooledRequest, status: number, body: string, target: Target["key"]): void {
    if (status < 200 || status > 299) return;
    this.answers2xx += 1;
    this.acknowledged.set(entry.eventId, (this.acknowledged.get(entry.eventId) ?? 0) + 1);
    const repeat = entry.kind !== "first";
    if (repeat) this.acknowledgedRepeats += 1;
    if (target === "intake") {
      const saysDuplicate = body.includes('"duplicate":true');
      if (saysDuplicate) this.answeredDuplicateTrue += 1;
      if (saysDuplicate !== repeat) this.duplicateFlagMismatches += 1;
    }
    if (target === "verify" && !body.includes(`"id":"${entry.eventId}"`)) this.echoMismatches += 1;
  }
}

export type RunFigures = {
  seconds: number;
  completed: number;
  requestsPerSecond: number;
  /** The busiest one-second sample of the run (sizes the next run's pool). */
  peakSecondRate: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  /** autocannon's own percentiles (whole milliseconds), for cross-checking ours. */
  autocannonP50Ms: number;
  autocannonP99Ms: number;
};

type ClientContext = { entry?: PooledRequest };

function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** Latencies of every answer, with autocannon's sub-millisecond timings (its histogram keeps whole ms). */
class LatencyRecorder {
  private values = new Float64Array(1 << 16);
  private count = 0;

  add(ms: number): void {
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = ms;
  }

  percentiles(): { p50: number; p99: number } {
    const sorted = this.values.slice(0, this.count).sort();
    return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
  }
}

export async function fire(options: {
  target: Target;
  pool: RequestPool;
  ledger: AckLedger;
  connections: number;
  seconds: number;
  /** Added to every request (bench:detection names a Stripe address in X-Forwarded-For). */
  headers?: Record<string, string>;
  /** Requests per second across all connections (autocannon's overallRate); none: as fast as answers come. */
  overallRate?: number;
  /** Told of every answer and every failed request as it happens (bench:soak buckets them per minute). */
  onAnswer?: (status: number, ms: number) => void;
  onError?: () => void;
}): Promise<RunFigures> {
  const { target, pool, ledger } = options;
  const latencies = new LatencyRecorder();
  const instance = autocannon({
    url: target.baseUrl,
    connections: options.connections,
    duration: options.seconds,
    pipelining: 1,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [
      {
        method: "POST",
        path: target.path,
        setupRequest: (request, context) => {
          const entry = pool.take();
          (context as ClientContext).entry = entry;
          ledger.noteSent(entry);
          return {
            ...request,
            body: entry.body,
            headers: { "content-type": "application/json; charset=utf-8", "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)", "stripe-signature": entry.signature, ...options.headers },
          };
        },
        onResponse: (status, body, context) => {
          const entry = (context as ClientContext).entry;
          if (entry) ledger.record(entry, status, body, target.key);
        },
      },
    ],
  });
  // autocannon emits (client, statusCode, resBytes, responseTime); @types/autocannon leaves out the client.
  (instance as unknown as EventEmitter).on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.add(ms);
    options.onAnswer?.(status, ms);
  });
  if (options.onError) (instance as unknown as EventEmitter).on("reqError", options.onError);
  const result = await instance;
  const completed = Object.values(result.statusCodeStats ?? {}).reduce((sum, stat) => sum + (stat.count ?? 0), 0);
  const { p50, p99 } = latencies.percentiles();
  return {
    seconds: result.duration,
    completed,
    requestsPerSecond: completed / result.duration,
    peakSecondRate: result.requests.max,
    p50Ms: p50,
    p99Ms: p99,
    non2xx: result.non2xx,
    statusCounts: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0])),
    errors: result.errors,
    timeouts: result.timeouts,
    autocannonP50Ms: result.latency.p50,
    autocannonP99Ms: result.latency.p99,
  };
}
