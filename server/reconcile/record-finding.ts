import type { Prisma } from "../../generated/prisma/client";
import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { withTransaction, type Sql } from "../db";
import { recordFetchedEvent, type FetchedEventInput } from "../ledger/record-fetched-event";
import { wakeEmbeddedRunner } from "../queue/embedded-runner";
import type { FindingKind } from "./reconciliation-kinds";

export type Finding = {
  kind: FindingKind;
  subject: string;
  ours: Record<string, unknown> | null;
  stripe: Record<string, unknown> | null;
  since: Date | null;
};

export type RunRef = { id: string; endpointId: string };

async function insertFinding(sql: Sql, runId: string, finding: Finding, repairEventId: string | null): Promise<string> {
  const rows = await sql.query<{ id: string }>(
    `INSERT INTO reconciliation_finding (run_id, kind, subject, ours, stripe, since, status, repair_event_id, repaired_at)
     VALUES ($1::uuid, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8::uuid, CASE WHEN $8::uuid IS NULL THEN NULL ELSE now() END) RETURNING id::text`,
    [runId, finding.kind, finding.subject, finding.ours && JSON.stringify(finding.ours), finding.stripe && JSON.stringify(finding.stripe), finding.since, repairEventId ? "repaired" : "open", repairEventId],
  );
  return rows[0]!.id;
}

/** The audit record of a repair: who, the subject, ours before and Stripe's after, through which event. */
export async function auditRepair(sql: Sql, audit: AuditContext, finding: Pick<Finding, "subject" | "ours" | "stripe">, detail: string): Promise<void> {
  await recordAudit(sql, {
    actor: audit.actor,
    action: "reconciliations.repair",
    subject: finding.subject,
    before: finding.ours as Prisma.InputJsonValue | null,
    after: finding.stripe as Prisma.InputJsonValue | null,
    sourceAddress: audit.sourceAddress,
    detail,
  });
}

/** A finding reported only (dry run, or nothing Hookwarden can repair). */
export async function reportFinding(run: RunRef, finding: Finding): Promise<void> {
  await withTransaction((sql) => insertFinding(sql, run.id, finding, null));
}

/**
 * A finding repaired through the normal effect path: the event that carries Stripe's
 * state enters the ledger (recovered, or a repair event), the finding records it, and
 * the audit log says who ran the repair; all in one transaction. Processing then
 * applies the event like any other (cross-checks included). Returns false when the
 * ledger already had the event (someone else repaired it first).
 */
export async function repairFinding(run: RunRef, finding: Finding, event: Omit<FetchedEventInput, "endpointId" | "runId">, audit: AuditContext): Promise<boolean> {
  const repaired = await withTransaction(async (sql) => {
    const eventId = await recordFetchedEvent({ ...event, endpointId: run.endpointId, runId: run.id }, sql);
    if (!eventId) return false;
    await insertFinding(sql, run.id, finding, eventId);
    await auditRepair(sql, audit, finding, `${finding.kind}: repaired through ${event.origin} event ${String(event.event.id)} (run ${run.id})`);
    return true;
  });
  if (repaired) wakeEmbeddedRunner();
  return repaired;
}
