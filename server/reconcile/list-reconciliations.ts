import { pool } from "../db";
import { AppError } from "../errors";
import type { FindingKind, FindingStatus, ReconciliationKind, RunStatus } from "./reconciliation-kinds";
import type { RunProgressFigures } from "./run-progress";
import { RUN_STALE_AFTER_MS } from "./start-reconciliation";

export type ReconciliationRunView = {
  id: string;
  kind: ReconciliationKind;
  endpoint: string;
  dryRun: boolean;
  scope: Record<string, unknown>;
  /** `running` with a stale heartbeat shows as `interrupted` until the scheduler marks it failed. */
  status: RunStatus | "interrupted";
  requestedBy: string;
  /** Who started it, for people: the user's name or e-mail address, the API key's name, "the CLI" or "the schedule". */
  requestedByLabel: string;
  startedAt: string;
  finishedAt: string | null;
  progress: Partial<RunProgressFigures>;
  fraction: number | null;
  findings: number;
  repaired: number;
  error: string | null;
};

export type FindingView = {
  id: string;
  kind: FindingKind;
  subject: string;
  ours: Record<string, unknown> | null;
  stripe: Record<string, unknown> | null;
  since: string | null;
  status: FindingStatus;
  repairEventId: string | null;
  repairedAt: string | null;
};

type RunRow = {
  id: string;
  kind: ReconciliationKind;
  endpoint: string;
  dry_run: boolean;
  scope: Record<string, unknown>;
  status: RunStatus;
  requested_by: string;
  requested_by_label: string | null;
  started_at: Date;
  finished_at: Date | null;
  heartbeat_at: Date;
  progress: Partial<RunProgressFigures>;
  fraction: number | null;
  findings: number;
  repaired: number;
  error: string | null;
};

const RUN_COLUMNS = `r.id, r.kind, e.name AS endpoint, r.dry_run, r.scope, r.status, r.requested_by, r.started_at, r.finished_at, r.heartbeat_at,
  r.progress, r.fraction, r.findings, r.repaired, r.error, coalesce(u.name, u.email, k.name) AS requested_by_label`;

/** The run, its endpoint, and whoever started it (requested_by is `user:<id>`, `api_key:<id>`, `cli` or `system`: the schedule), each by primary key. */
const RUN_FROM = `reconciliation_run r JOIN endpoint e ON e.id = r.endpoint_id
  LEFT JOIN app_user u ON u.id = CASE WHEN r.requested_by LIKE 'user:%' THEN substring(r.requested_by FROM 6)::uuid END
  LEFT JOIN api_key k ON k.id = CASE WHEN r.requested_by LIKE 'api_key:%' THEN substring(r.requested_by FROM 9)::uuid END`;

function requesterLabel(row: RunRow): string {
  if (row.requested_by.startsWith("api_key:")) return row.requested_by_label ? `API key ${row.requested_by_label}` : "an API key";
  if (row.requested_by.startsWith("user:")) return row.requested_by_label ?? "a removed user";
  return { cli: "the CLI", system: "the schedule" }[row.requested_by] ?? row.requested_by;
}

function runView(row: RunRow): ReconciliationRunView {
  const stale = row.status === "running" && Date.now() - row.heartbeat_at.getTime() > RUN_STALE_AFTER_MS;
  return {
    id: row.id,
    kind: row.kind,
    endpoint: row.endpoint,
    dryRun: row.dry_run,
    scope: row.scope,
    status: stale ? "interrupted" : row.status,
    requestedBy: row.requested_by,
    requestedByLabel: requesterLabel(row),
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    progress: row.progress,
    fraction: row.fraction,
    findings: row.findings,
    repaired: row.repaired,
    error: row.error,
  };
}

/** The latest runs, newest first. */
export async function listReconciliations(options: { limit?: number } = {}): Promise<ReconciliationRunView[]> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const rows = await pool().query<RunRow>(`SELECT ${RUN_COLUMNS} FROM ${RUN_FROM} ORDER BY r.started_at DESC, r.id DESC LIMIT $1`, [limit]);
  return rows.rows.map(runView);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One run with its findings (the first `findingsLimit`, oldest first). */
export async function getReconciliationOrThrow(id: string, options: { findingsLimit?: number } = {}): Promise<ReconciliationRunView & { items: FindingView[] }> {
  if (!UUID.test(id)) throw new AppError("not_found", `No reconciliation run ${id}.`);
  const rows = await pool().query<RunRow>(`SELECT ${RUN_COLUMNS} FROM ${RUN_FROM} WHERE r.id = $1::uuid`, [id]);
  const row = rows.rows[0];
  if (!row) throw new AppError("not_found", `No reconciliation run ${id}.`);
  const findings = await pool().query<{
    id: string;
    kind: FindingKind;
    subject: string;
    ours: Record<string, unknown> | null;
    stripe: Record<string, unknown> | null;
    since: Date | null;
    status: FindingStatus;
    repair_event_id: string | null;
    repaired_at: Date | null;
  }>(
    `SELECT id::text, kind, subject, ours, stripe, since, status, repair_event_id, repaired_at FROM reconciliation_finding WHERE run_id = $1::uuid ORDER BY id LIMIT $2`,
    [id, Math.min(Math.max(options.findingsLimit ?? 500, 1), 5_000)],
  );
  return {
    ...runView(row),
    items: findings.rows.map((finding) => ({
      id: finding.id,
      kind: finding.kind,
      subject: finding.subject,
      ours: finding.ours,
      stripe: finding.stripe,
      since: finding.since?.toISOString() ?? null,
      status: finding.status,
      repairEventId: finding.repair_event_id,
      repairedAt: finding.repaired_at?.toISOString() ?? null,
    })),
  };
}
