import { e2eSql } from "./database";

export type SeededFinding = { kind: string; subject: string; ours: Record<string, unknown> | null; stripe: Record<string, unknown> | null; status?: string };

/**
 * A reconciliation run written straight into the end-to-end database, as a run would have
 * left it: without a Stripe account the product cannot make one, and the history, a run's
 * findings and its live progress are what the console shows of them. On the default endpoint.
 */
export async function seedRun(run: {
  kind: "missed_events" | "drift_audit";
  status: "running" | "succeeded" | "failed";
  requestedBy: string;
  startedSecondsAgo: number;
  tookSeconds?: number;
  dryRun?: boolean;
  error?: string;
  progress?: Record<string, unknown>;
  findings?: SeededFinding[];
}): Promise<string> {
  const finished = run.status === "running" ? null : run.startedSecondsAgo - (run.tookSeconds ?? 1);
  const scope = run.kind === "missed_events" ? { since: new Date(Date.now() - 86_400_000).toISOString(), types: ["invoice.paid", "charge.succeeded"], onlyFailedDeliveries: true } : { objects: ["subscriptions", "payment_intents"] };
  const progress = run.progress ?? { pages: 2, objects: 150, requests: 3, rateLimitWaits: 0, rateLimitWaitMs: 0, throttled: 0, retries: 0, compared: 150, expected: 150, requestRate: 2.5, allowedRate: 25 };
  const [row] = await e2eSql<{ id: string }>(
    `INSERT INTO reconciliation_run (id, kind, endpoint_id, dry_run, scope, status, requested_by, started_at, heartbeat_at, finished_at, progress, fraction, findings, repaired, error)
     SELECT gen_random_uuid(), $1, id, $2, $3::jsonb, $4, $5, now() - ($6::int * interval '1 second'), now(),
            CASE WHEN $7::int IS NULL THEN NULL ELSE now() - ($7::int * interval '1 second') END,
            $8::jsonb, CASE WHEN $4 = 'succeeded' THEN 1 END, $9, 0, $10
     FROM endpoint WHERE name = 'default' RETURNING id`,
    [run.kind, run.dryRun ?? false, JSON.stringify(scope), run.status, run.requestedBy, run.startedSecondsAgo, finished, JSON.stringify(progress), run.findings?.length ?? 0, run.error ?? null],
  );
  for (const finding of run.findings ?? []) {
    await e2eSql(`INSERT INTO reconciliation_finding (run_id, kind, subject, ours, stripe, since, status) VALUES ($1::uuid, $2, $3, $4::jsonb, $5::jsonb, now() - interval '3 days', $6)`, [
      row!.id,
      finding.kind,
      finding.subject,
      finding.ours && JSON.stringify(finding.ours),
      finding.stripe && JSON.stringify(finding.stripe),
      finding.status ?? "open",
    ]);
  }
  return row!.id;
}
