import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { resolveAlerts } from "../alerts/resolve-alerts";
import { withTransaction } from "../db";
import { invalidInput } from "../errors";
import { DestinationReasonSchema, type DestinationReason } from "./destination-input";
import { auditedDestination, destinationSummary } from "./destination-summary";
import { findDestinationOrThrow } from "./find-destination";
import { destinationAlertSubject } from "./destination-alerts";

/** Deletes a destination with its deliveries and attempts (the events stay in the ledger), with a reason; its open alerts resolve. */
export async function deleteDestination(input: DestinationReason | unknown, context: AuditContext): Promise<{ deleted: string; pendingDropped: number }> {
  const parsed = DestinationReasonSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  return withTransaction(async (sql) => {
    const row = await findDestinationOrThrow(parsed.data.destination, sql, true);
    const pending = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM destination_delivery WHERE destination_id = $1::uuid AND status = 'pending'`, [row.id]);
    await sql.query(`DELETE FROM destination WHERE id = $1::uuid`, [row.id]);
    const summary = destinationSummary(row);
    await recordAudit(sql, { ...context, action: "destinations.delete", subject: `destination:${summary.endpoint}/${summary.name}`, before: auditedDestination(summary), after: { pendingDropped: pending[0]!.n }, detail: parsed.data.reason });
    await resolveAlerts({ dedupKeys: ["destination_dead", "destination_paused"].map((kind) => `${kind}:${destinationAlertSubject(summary.endpoint, summary.name)}`) }, sql);
    return { deleted: `${summary.endpoint}/${summary.name}`, pendingDropped: pending[0]!.n };
  });
}
