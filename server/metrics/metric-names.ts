/**
 * Every metric Hookwarden exports at /api/metrics, by name: defined here once. The registry, the
 * code that records, the tests and the sample Grafana dashboard's test import them from here.
 */
import type { BreakerState } from "../gatekeeper/breaker/breaker-states";

export const METRIC_PREFIX = "hookwarden_";

export const METRIC_NAMES = {
  /** Counter {endpoint, outcome}: intake requests by the answer given. */
  intakeRequests: "hookwarden_intake_requests_total",
  /** Histogram {endpoint, status_class}: seconds from the request's arrival at intake to its answer. */
  intakeDuration: "hookwarden_intake_request_duration_seconds",
  /** Histogram: seconds from an event's first receipt to its effect applied, for events processing applied without an operator. */
  processingDelay: "hookwarden_event_processing_delay_seconds",
  /** Gauge: age in seconds of the oldest event processing still owes work (0 when none). */
  processingLag: "hookwarden_processing_lag_seconds",
  /** Gauge {status}: events in each status that is not settled. */
  queueDepth: "hookwarden_queue_depth",
  /** Gauge {reason}: quarantine items waiting for an operator. */
  quarantineOpen: "hookwarden_quarantine_open",
  /** Gauge {kind}: fraud review items waiting for an operator. */
  reviewsOpen: "hookwarden_fraud_reviews_open",
  /** Gauge {endpoint}: the endpoint's circuit breaker, 0 closed, 1 half-open, 2 open, 3 open and shedding. */
  breakerState: "hookwarden_breaker_state",
  /** Counter {destination, outcome}: delivery attempts to downstream destinations. */
  destinationAttempts: "hookwarden_destination_attempts_total",
  /** Histogram {destination}: seconds per delivery attempt to a destination. */
  destinationDuration: "hookwarden_destination_attempt_duration_seconds",
  /** Gauge {destination}: deliveries waiting for a destination. */
  destinationBacklog: "hookwarden_destination_backlog",
  /** Gauge {kind, status}: reconciliation runs started in the last 24 hours, and every run still running. */
  reconciliationRuns: "hookwarden_reconciliation_runs",
  /** Gauge {endpoint, kind}: share done (0 to 1) of a running reconciliation, when the run can tell. */
  reconciliationProgress: "hookwarden_reconciliation_progress_ratio",
  /** Gauge {endpoint, kind}: objects a running reconciliation has compared so far. */
  reconciliationCompared: "hookwarden_reconciliation_compared_objects",
  /** Gauge {kind}: alerts not resolved. */
  alertsOpen: "hookwarden_alerts_open",
  /** Gauge: 1 when the last scrape-time read of the database worked, 0 when it failed (its gauges are then absent). */
  databaseUp: "hookwarden_metrics_database_up",
} as const;

/** The values of METRIC_NAMES.breakerState; the sample dashboard maps them back to words. */
export const BREAKER_GAUGE_VALUES = { closed: 0, half_open: 1, open: 2, shed: 3 } as const satisfies Record<BreakerState | "shed", number>;
export type BreakerGaugeState = keyof typeof BREAKER_GAUGE_VALUES;

export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];
