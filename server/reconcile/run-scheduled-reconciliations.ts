import { recordAlert } from "../alerts/record-alert";
import type { AuditContext } from "../audit/audit-actor";
import { pool } from "../db";
import { env } from "../env";
import { log } from "../log";
import { startMinuteSchedule, stopMinuteSchedule } from "../start-minute-schedule";
import { hasOwnStripeKey, stripeKeySource } from "../stripe-api/stripe-api-for-endpoint";
import { alertOnHorizon } from "./horizon";
import type { ReconciliationKind } from "./reconciliation-kinds";
import { failInterruptedRuns, startReconciliation } from "./start-reconciliation";

const SCHEDULE: AuditContext = { actor: { kind: "system" }, sourceAddress: null };

function intervalMinutes(kind: ReconciliationKind): number {
  return kind === "missed_events" ? env().HOOKWARDEN_RECOVERY_INTERVAL_MINUTES : env().HOOKWARDEN_DRIFT_AUDIT_INTERVAL_MINUTES;
}

/**
 * The schedule, one tick: marks interrupted runs, starts each kind of run that is due on
 * every endpoint Hookwarden can ask Stripe about (a missed-event recovery hourly and a
 * drift audit daily by default; 0 turns one off), waits for them, and checks the 30-day
 * horizon. Called every minute by the embedded scheduler, or by the Inngest cron function.
 * Safe to call from several processes: a run already going on is not started twice.
 */
export async function runScheduledReconciliations(now = new Date()): Promise<{ started: string[] }> {
  await failInterruptedRuns();
  const endpoints = await pool().query<{ id: string; name: string; thin: boolean; stripe_api_key_ciphertext: Buffer | null; stripe_api_key_reference: string | null }>(
    `SELECT id, name, thin, stripe_api_key_ciphertext, stripe_api_key_reference FROM endpoint ORDER BY name`,
  );
  const started: string[] = [];
  for (const endpoint of endpoints.rows) {
    if (!stripeKeySource({ name: endpoint.name, hasOwnKey: hasOwnStripeKey(endpoint) })) continue;
    for (const kind of ["missed_events", "drift_audit"] as const) {
      const minutes = intervalMinutes(kind);
      if (minutes === 0 || (kind === "missed_events" && endpoint.thin)) continue;
      const last = await pool().query<{ started_at: Date }>(
        `SELECT started_at FROM reconciliation_run WHERE endpoint_id = $1::uuid AND kind = $2 ORDER BY started_at DESC LIMIT 1`,
        [endpoint.id, kind],
      );
      const lastStart = last.rows[0]?.started_at;
      if (lastStart && now.getTime() - lastStart.getTime() < minutes * 60_000) continue;
      try {
        const run = await startReconciliation({ kind, endpoint: endpoint.name }, SCHEDULE, { wait: true });
        started.push(run.id);
        const finished = await pool().query<{ status: string; error: string | null }>(`SELECT status, error FROM reconciliation_run WHERE id = $1::uuid`, [run.id]);
        if (finished.rows[0]?.status === "failed") {
          await recordAlert({ kind: "reconciliation_failed", severity: "warning", subject: `endpoint:${endpoint.name}`, message: `The scheduled ${kind} run on "${endpoint.name}" failed: ${finished.rows[0].error ?? "unknown"}` });
        }
      } catch (error) {
        log.warn("scheduled reconciliation not started", { kind, endpoint: endpoint.name, error });
      }
    }
  }
  await alertOnHorizon(now);
  return { started };
}

/** The embedded scheduler: a tick a minute in this process (Inngest deployments use the cron function instead). */
export function startReconciliationSchedule(): void {
  startMinuteSchedule("reconciliation", runScheduledReconciliations, 5_000);
}

export function stopReconciliationSchedule(): Promise<void> {
  return stopMinuteSchedule("reconciliation");
}
