/**
 * This process's metrics: one prom-client registry and the metrics in it, created once. Held on
 * globalThis because Next.js bundles route handlers and instrumentation separately in one process
 * (and `next dev` reloads modules): every copy of this module must count into the same registry.
 * Counters and histograms are per process; Prometheus sums them over instances.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { METRIC_NAMES, METRIC_PREFIX } from "./metric-names";

/** 1 ms to 5 s: intake answers in a few milliseconds; Stripe gives up on an answer after about 10 s. */
export const INTAKE_DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** 100 ms to 6 hours: an event waits for the runner, retries with backoff (up to 5 minutes apart), or for a link. */
export const PROCESSING_DELAY_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600];
/** 10 ms to 30 s: a destination's answer, up to a generous timeout. */
export const DESTINATION_DURATION_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function createMetrics() {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  return {
    registry,
    intakeRequests: new Counter({
      name: METRIC_NAMES.intakeRequests,
      help: "Intake requests by the answer given: accepted, duplicate, or the error code of a refusal (a rejection reason, shedding, ledger_unavailable).",
      labelNames: ["endpoint", "outcome"] as const,
      registers,
    }),
    intakeDuration: new Histogram({
      name: METRIC_NAMES.intakeDuration,
      help: "Seconds from a request's arrival at intake to its answer, by status class (2xx, 4xx, 5xx).",
      labelNames: ["endpoint", "status_class"] as const,
      buckets: INTAKE_DURATION_BUCKETS,
      registers,
    }),
    processingDelay: new Histogram({
      name: METRIC_NAMES.processingDelay,
      help: "Seconds from an event's first receipt to its effect applied, for events processed without an operator's release or replay.",
      buckets: PROCESSING_DELAY_BUCKETS,
      registers,
    }),
    processingLag: new Gauge({ name: METRIC_NAMES.processingLag, help: "Age in seconds of the oldest event processing still owes work (received, queued, processing, failed); 0 when none.", registers }),
    queueDepth: new Gauge({ name: METRIC_NAMES.queueDepth, help: "Events in each status that is not settled.", labelNames: ["status"] as const, registers }),
    quarantineOpen: new Gauge({ name: METRIC_NAMES.quarantineOpen, help: "Quarantine items waiting for an operator, by reason.", labelNames: ["reason"] as const, registers }),
    reviewsOpen: new Gauge({ name: METRIC_NAMES.reviewsOpen, help: "Fraud review items waiting for an operator, by kind.", labelNames: ["kind"] as const, registers }),
    breakerState: new Gauge({
      name: METRIC_NAMES.breakerState,
      help: "The endpoint's circuit breaker: 0 closed, 1 half-open, 2 open, 3 open and shedding (503).",
      labelNames: ["endpoint"] as const,
      registers,
    }),
    destinationAttempts: new Counter({
      name: METRIC_NAMES.destinationAttempts,
      help: "Delivery attempts to downstream destinations, by outcome (delivered, failed, timeout, refused); dead counts deliveries given up.",
      labelNames: ["destination", "outcome"] as const,
      registers,
    }),
    destinationDuration: new Histogram({
      name: METRIC_NAMES.destinationDuration,
      help: "Seconds per delivery attempt to a downstream destination.",
      labelNames: ["destination"] as const,
      buckets: DESTINATION_DURATION_BUCKETS,
      registers,
    }),
    destinationBacklog: new Gauge({ name: METRIC_NAMES.destinationBacklog, help: "Deliveries waiting for a downstream destination.", labelNames: ["destination"] as const, registers }),
    reconciliationRuns: new Gauge({
      name: METRIC_NAMES.reconciliationRuns,
      help: "Reconciliation runs started in the last 24 hours, and every run still running, by kind and status.",
      labelNames: ["kind", "status"] as const,
      registers,
    }),
    reconciliationProgress: new Gauge({
      name: METRIC_NAMES.reconciliationProgress,
      help: "Share done (0 to 1) of each running reconciliation that can tell (a drift audit can, a missed-event recovery cannot).",
      labelNames: ["endpoint", "kind"] as const,
      registers,
    }),
    reconciliationCompared: new Gauge({
      name: METRIC_NAMES.reconciliationCompared,
      help: "Objects (or events) each running reconciliation has compared so far.",
      labelNames: ["endpoint", "kind"] as const,
      registers,
    }),
    alertsOpen: new Gauge({ name: METRIC_NAMES.alertsOpen, help: "Alerts not resolved, by kind.", labelNames: ["kind"] as const, registers }),
    databaseUp: new Gauge({ name: METRIC_NAMES.databaseUp, help: "1 when the scrape-time read of the database worked, 0 when it failed (the database gauges are then absent).", registers }),
  };
}

export type HookwardenMetrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as unknown as { hookwardenMetrics?: HookwardenMetrics };

/** The one registry of this process and its metrics. */
export function metrics(): HookwardenMetrics {
  globalForMetrics.hookwardenMetrics ??= createMetrics();
  return globalForMetrics.hookwardenMetrics;
}
