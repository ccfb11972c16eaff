import { recordAlert } from "../../alerts/record-alert";
import { log } from "../../log";
import { recordDecision } from "../decisions";
import { SlidingMinuteCounts } from "../sliding-minute-counts";

/**
 * A flood of forged or malformed requests at one endpoint, whatever their sources, seen at intake the
 * moment it passes the endpoint's limit (no waiting for a tick): the limit is the larger of
 * DEFAULT_LIMIT and three times the endpoint's 99th percentile of refused requests per minute over
 * the last week (set at each gatekeeper evaluation). Forged requests never reach processing, so
 * nothing is held: this is a decision and a critical alert, once per REPEAT_MS while it lasts.
 */
export const DEFAULT_FAILURE_LIMIT = 5;
const REPEAT_MS = 15 * 60_000;
const counts = new SlidingMinuteCounts(10_000);
const limits = new Map<string, number>();
const lastFlood = new Map<string, number>();
const pending = new Set<Promise<unknown>>();

export function setFailureLimit(endpointId: string, limit: number): void {
  limits.set(endpointId, limit);
}

export function noteEndpointFailure(endpoint: { id: string; name: string }, reason: string, at: Date): void {
  const nowMs = at.getTime();
  const inWindow = counts.add(endpoint.id, nowMs);
  const limit = limits.get(endpoint.id) ?? DEFAULT_FAILURE_LIMIT;
  if (inWindow < limit) return;
  const last = lastFlood.get(endpoint.id);
  if (last !== undefined && nowMs - last < REPEAT_MS && nowMs >= last) return;
  lastFlood.set(endpoint.id, nowMs);
  const summary = `${endpoint.name}: ${Math.round(inWindow)} forged or malformed requests within a minute (limit ${limit}); the latest refused as ${reason}`;
  const write = Promise.all([
    recordDecision({
      at,
      endpointId: endpoint.id,
      kind: "anomaly",
      subject: `endpoint:${endpoint.name}`,
      summary,
      explanation: { rule: "signature_failure_flood", attack: true, features: [{ feature: "refused requests per minute", value: Math.round(inWindow), limit, baseline: "3 × the last week's 99th percentile, at least 5" }], latestReason: reason },
    }),
    recordAlert({ kind: "traffic_anomaly", severity: "critical", subject: `endpoint:${endpoint.name}`, message: summary, detail: { rule: "signature_failure_flood" } }),
  ]).catch((error: unknown) => log.warn("could not record a failure flood", { error }));
  pending.add(write);
  void write.finally(() => pending.delete(write));
}

/** Waits for flood decisions still being written (the gatekeeper tick, tests). */
export async function settleFailureFloods(): Promise<void> {
  await Promise.all([...pending]);
}

export function resetFailureFloods(): void {
  counts.clear();
  limits.clear();
  lastFlood.clear();
}
