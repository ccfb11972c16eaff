import { z } from "zod";
import type { Prisma } from "../../generated/prisma/client";
import type { AuditContext } from "../audit/audit-actor";
import { actorName, recordAudit } from "../audit/record-audit";
import { pool, withTransaction } from "../db";
import { EndpointNameSchema } from "../endpoints/endpoint-name";
import { AppError, invalidInput } from "../errors";
import { log } from "../log";
import { stripeApiForEndpoint } from "../stripe-api/stripe-api-for-endpoint";
import { auditDrift } from "./audit-drift";
import { RECONCILIATION_KIND_NAMES, type ReconciliationKind } from "./reconciliation-kinds";
import { defaultRecoverySince, defaultRecoveryTypes, EVENTS_WINDOW_DAYS, recoverMissedEvents } from "./recover-missed-events";
import { RunProgress } from "./run-progress";

/** A run whose heartbeat is older than this was interrupted (its process ended). */
export const RUN_STALE_AFTER_MS = 120_000;

export const StartReconciliationSchema = z.object({
  kind: z.enum(RECONCILIATION_KIND_NAMES, { error: `kind must be one of ${RECONCILIATION_KIND_NAMES.join(", ")}` }),
  endpoint: EndpointNameSchema.default("default"),
  dryRun: z.boolean({ error: "dryRun is true or false" }).default(false),
  /** Missed-event recovery: list events created at or after this instant (ISO 8601). */
  since: z.iso.datetime({ offset: true, error: "since is an ISO 8601 time, such as 2026-11-01T00:00:00Z" }).optional(),
  /** Missed-event recovery: event types (default: every type Hookwarden applies). */
  types: z.array(z.string().regex(/^[a-z0-9_.]+$/, "types are event types such as invoice.paid")).min(1).max(100).optional(),
  /** Missed-event recovery: false lists every event, not only those Stripe failed to deliver. */
  onlyFailedDeliveries: z.boolean().default(true),
});
export type StartReconciliation = z.input<typeof StartReconciliationSchema>;

export type StartedRun = { id: string; kind: ReconciliationKind; endpoint: string; dryRun: boolean; status: "running" };

type RunRow = { id: string; kind: ReconciliationKind; endpoint_id: string; dry_run: boolean; scope: Record<string, unknown>; requested_by: string };

const inFlight = new Map<string, Promise<void>>();

/**
 * Starts a reconciliation run and returns at once; the run goes on in this process and
 * reports its progress on its row (GET it, or watch the console). One run of a kind per
 * endpoint at a time. `wait` resolves when the run has finished (the CLI, the schedule,
 * tests). The endpoint needs a Stripe API key.
 */
export async function startReconciliation(input: StartReconciliation | unknown, context: AuditContext, options: { wait?: boolean } = {}): Promise<StartedRun> {
  const parsed = StartReconciliationSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const request = parsed.data;
  const endpoint = (await pool().query<{ id: string; thin: boolean }>(`SELECT id, thin FROM endpoint WHERE name = $1`, [request.endpoint])).rows[0];
  if (!endpoint) throw new AppError("not_found", `No endpoint named "${request.endpoint}".`);
  if (endpoint.thin && request.kind === "missed_events") {
    throw new AppError("invalid_request", `"${request.endpoint}" receives thin events, which Stripe's events list does not cover: run a drift audit instead.`, { fields: { kind: "not for a thin endpoint" } });
  }
  const api = await stripeApiForEndpoint(endpoint.id);
  if (!api) {
    throw new AppError(
      "conflict",
      `Endpoint "${request.endpoint}" has no Stripe API key, so Hookwarden cannot ask Stripe. Set STRIPE_API_KEY (default endpoint) or run: hookwarden endpoint set-stripe-key ${request.endpoint}`,
    );
  }
  const since = request.since ? new Date(request.since) : request.kind === "missed_events" ? await defaultRecoverySince(endpoint.id) : null;
  if (since && since.getTime() < Date.now() - EVENTS_WINDOW_DAYS * 86_400_000) {
    throw new AppError("invalid_request", `since is more than ${EVENTS_WINDOW_DAYS} days ago: Stripe's events API does not go back that far.`, { fields: { since: "within the last 30 days" } });
  }
  const scope =
    request.kind === "missed_events"
      ? { since: since!.toISOString(), types: request.types ?? defaultRecoveryTypes(), onlyFailedDeliveries: request.onlyFailedDeliveries }
      : { objects: ["subscriptions", "payment_intents"] };

  const run = await withTransaction(async (sql) => {
    // One run of a kind per endpoint: the endpoint row is the lock, a fresh heartbeat the test.
    await sql.query(`SELECT id FROM endpoint WHERE id = $1::uuid FOR UPDATE`, [endpoint.id]);
    const running = await sql.query<{ id: string }>(
      `SELECT id FROM reconciliation_run WHERE endpoint_id = $1::uuid AND kind = $2 AND status = 'running' AND heartbeat_at > now() - ($3::int * interval '1 millisecond')`,
      [endpoint.id, request.kind, RUN_STALE_AFTER_MS],
    );
    if (running[0]) throw new AppError("conflict", `A ${request.kind} run is already going on for "${request.endpoint}" (run ${running[0].id}).`);
    const rows = await sql.query<RunRow>(
      `INSERT INTO reconciliation_run (id, kind, endpoint_id, dry_run, scope, requested_by) VALUES (gen_random_uuid(), $1, $2::uuid, $3, $4::jsonb, $5)
       RETURNING id, kind, endpoint_id, dry_run, scope, requested_by`,
      [request.kind, endpoint.id, request.dryRun, JSON.stringify(scope), actorName(context.actor)],
    );
    const created = rows[0]!;
    await recordAudit(sql, {
      actor: context.actor,
      action: "reconciliations.start",
      subject: `reconciliation:${created.id}`,
      after: { kind: request.kind, endpoint: request.endpoint, dryRun: request.dryRun, ...scope } as Prisma.InputJsonValue,
      sourceAddress: context.sourceAddress,
    });
    return created;
  });

  const execution = executeRun(run, context).finally(() => inFlight.delete(run.id));
  inFlight.set(run.id, execution);
  if (options.wait) await execution;
  return { id: run.id, kind: run.kind, endpoint: request.endpoint, dryRun: run.dry_run, status: "running" };
}

async function executeRun(run: RunRow, context: AuditContext): Promise<void> {
  const api = await stripeApiForEndpoint(run.endpoint_id);
  if (!api) {
    await finishRun(run.id, "failed", "the endpoint's Stripe API key was removed before the run started");
    return;
  }
  const progress = new RunProgress(run.id, api);
  const ref = { id: run.id, endpointId: run.endpoint_id, dryRun: run.dry_run };
  try {
    if (run.kind === "missed_events") {
      const scope = run.scope as { since: string; types: string[]; onlyFailedDeliveries: boolean };
      await recoverMissedEvents(ref, { since: new Date(scope.since), types: scope.types, onlyFailedDeliveries: scope.onlyFailedDeliveries }, api, progress, context);
    } else {
      await auditDrift(ref, api, progress, context);
    }
    await progress.flush(true);
    await finishRun(run.id, "succeeded", null);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1_000);
    log.warn("reconciliation run failed", { runId: run.id, kind: run.kind, error });
    await progress.flush(true).catch(() => undefined);
    await finishRun(run.id, "failed", message);
  }
}

async function finishRun(id: string, status: "succeeded" | "failed", error: string | null): Promise<void> {
  await pool().query(`UPDATE reconciliation_run SET status = $2, error = $3, finished_at = now(), heartbeat_at = now(), fraction = CASE WHEN $2 = 'succeeded' THEN 1 ELSE fraction END WHERE id = $1::uuid`, [id, status, error]);
}

/** Runs left `running` by a process that ended are marked failed, so the history does not lie. */
export async function failInterruptedRuns(): Promise<number> {
  const result = await pool().query(
    `UPDATE reconciliation_run SET status = 'failed', finished_at = now(), error = 'interrupted: the process running it stopped'
     WHERE status = 'running' AND heartbeat_at < now() - ($1::int * interval '1 millisecond')`,
    [RUN_STALE_AFTER_MS],
  );
  return result.rowCount ?? 0;
}

/** Waits for the runs this process is executing (tests, graceful shutdown). */
export async function settleReconciliations(): Promise<void> {
  await Promise.all(inFlight.values());
}
