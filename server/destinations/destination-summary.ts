import type { DestinationState } from "./destination-states";
import type { DestinationRow } from "./find-destination";

/** A destination as the console, the API and the CLI show it: never its signing secret, only fingerprints. */
export type DestinationSummary = {
  id: string;
  endpoint: string;
  name: string;
  url: string;
  eventTypes: string[];
  forwardReleased: boolean;
  allowInternal: boolean;
  state: DestinationState;
  pausedAt: string | null;
  pausedReason: string | null;
  secretFingerprint: string;
  /** During a rotation's grace period: the previous secret, which still signs until then. */
  previousSecret: { fingerprint: string; expiresAt: string } | null;
  failingSince: string | null;
  consecutiveFailures: number;
  lastSuccessAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export function destinationSummary(row: DestinationRow): DestinationSummary {
  const graceOpen = row.previous_secret_fingerprint && row.previous_secret_expires_at && row.previous_secret_expires_at > new Date();
  return {
    id: row.id,
    endpoint: row.endpoint_name,
    name: row.name,
    url: row.url,
    eventTypes: row.event_types,
    forwardReleased: row.forward_released,
    allowInternal: row.allow_internal,
    state: row.state as DestinationState,
    pausedAt: row.paused_at?.toISOString() ?? null,
    pausedReason: row.paused_reason,
    secretFingerprint: row.secret_fingerprint,
    previousSecret: graceOpen ? { fingerprint: row.previous_secret_fingerprint!, expiresAt: row.previous_secret_expires_at!.toISOString() } : null,
    failingSince: row.failing_since?.toISOString() ?? null,
    consecutiveFailures: row.consecutive_failures,
    lastSuccessAt: row.last_success_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What the audit log keeps of a destination: its settings, never a secret. */
export function auditedDestination(summary: DestinationSummary) {
  return {
    endpoint: summary.endpoint,
    name: summary.name,
    url: summary.url,
    eventTypes: summary.eventTypes,
    forwardReleased: summary.forwardReleased,
    allowInternal: summary.allowInternal,
    state: summary.state,
    secretFingerprint: summary.secretFingerprint,
  };
}
