import type Stripe from "stripe";
import type { AuditContext } from "../audit/audit-actor";
import { pool } from "../db";
import { HANDLERS } from "../processing/handlers";
import type { StripeApi } from "../stripe-api/stripe-api";
import { withoutResponse } from "./fetch-stripe-object";
import { repairFinding, reportFinding, type Finding, type RunRef } from "./record-finding";
import type { RunProgress } from "./run-progress";

/** Stripe's events API goes back 30 days; a recovery never asks for more. */
export const EVENTS_WINDOW_DAYS = 30;
/** Stripe's limit on `types` per list request. */
const TYPES_PER_REQUEST = 20;

export type RecoveryScope = {
  /** List events created at or after this instant (default: the last recovery's start minus an hour, else 30 days). */
  since: Date;
  /** Event types to recover (default: every type Hookwarden applies). */
  types: string[];
  /** Stripe's recipe: only events whose delivery did not succeed. False lists every event (after an endpoint was disabled, Stripe never tried). */
  onlyFailedDeliveries: boolean;
};

/** Where the previous recovery left off: its start, an hour back for the events Stripe was still retrying. */
export async function defaultRecoverySince(endpointId: string, now = new Date()): Promise<Date> {
  const windowStart = new Date(now.getTime() - EVENTS_WINDOW_DAYS * 86_400_000 + 60_000);
  const rows = await pool().query<{ started_at: Date }>(
    `SELECT started_at FROM reconciliation_run WHERE endpoint_id = $1::uuid AND kind = 'missed_events' AND status = 'succeeded' AND NOT dry_run
     ORDER BY started_at DESC LIMIT 1`,
    [endpointId],
  );
  const last = rows.rows[0]?.started_at;
  return last && last.getTime() - 3_600_000 > windowStart.getTime() ? new Date(last.getTime() - 3_600_000) : windowStart;
}

export function defaultRecoveryTypes(): string[] {
  return Object.keys(HANDLERS);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}

type ListedEvent = { id: string; type: string; created: number; livemode: boolean; data: { object: { id?: string; object?: string } } };

/**
 * Missed-event recovery, Stripe's documented recipe: list the events of the handled types
 * created since the last recovery whose delivery did not succeed, and feed every one the
 * ledger lacks into the normal pipeline, marked `recovered` (not delivered). One run after
 * downtime closes the gap; an event the ledger already has is left alone, so a run can be
 * repeated safely. A dry run reports what it would recover.
 */
export async function recoverMissedEvents(run: RunRef & { dryRun: boolean }, scope: RecoveryScope, api: StripeApi, progress: RunProgress, audit: AuditContext): Promise<void> {
  const created = { gte: Math.floor(scope.since.getTime() / 1000) };
  for (const types of chunks(scope.types, TYPES_PER_REQUEST)) {
    const pages = api.pages<ListedEvent>("events", (stripe: Stripe, page) =>
      stripe.events.list({ ...page, types, created, ...(scope.onlyFailedDeliveries ? { delivery_success: false } : {}) }) as unknown as Promise<Stripe.ApiList<ListedEvent>>,
    );
    for await (const page of pages) {
      progress.pages += 1;
      progress.objects += page.length;
      progress.compared += page.length;
      const known = await pool().query<{ stripe_event_id: string }>(
        `SELECT stripe_event_id FROM stripe_event WHERE endpoint_id = $1::uuid AND stripe_event_id = ANY($2::text[])`,
        [run.endpointId, page.map((event) => event.id)],
      );
      const have = new Set(known.rows.map((row) => row.stripe_event_id));
      // Stripe lists newest first; the oldest missed event enters the ledger first.
      for (const listed of page.filter((event) => !have.has(event.id)).reverse()) {
        const event = withoutResponse(listed);
        const finding: Finding = {
          kind: "missed_event",
          subject: `event:${event.id}`,
          ours: null,
          stripe: { type: event.type, created: new Date(event.created * 1000).toISOString(), object: event.data?.object?.id ?? null },
          since: new Date(event.created * 1000),
        };
        progress.findings += 1;
        if (run.dryRun) {
          await reportFinding(run, finding);
          continue;
        }
        const repaired = await repairFinding(
          run,
          finding,
          { event: event as unknown as Record<string, unknown>, origin: "recovered", reason: `recovered from Stripe by reconciliation run ${run.id}` },
          audit,
        );
        if (repaired) progress.repaired += 1;
      }
      await progress.flush();
    }
  }
}
