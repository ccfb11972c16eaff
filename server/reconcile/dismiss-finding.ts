import { z } from "zod";
import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { withTransaction } from "../db";
import { AppError, invalidInput } from "../errors";
import { DECISION_REASON_MAX_LENGTH, DECISION_REASON_MIN_LENGTH } from "../quarantine/decision-reason";

export const DismissFindingSchema = z.object({
  id: z.string().regex(/^[0-9]{1,18}$/, "id must be a finding id"),
  reason: z
    .string({ error: "reason is required: say why the finding needs no repair" })
    .trim()
    .min(DECISION_REASON_MIN_LENGTH, `reason is required: say why (at least ${DECISION_REASON_MIN_LENGTH} characters)`)
    .max(DECISION_REASON_MAX_LENGTH, `reason is at most ${DECISION_REASON_MAX_LENGTH} characters`),
});
export type DismissFinding = z.input<typeof DismissFindingSchema>;

/**
 * An operator's decision that an open finding needs no repair (a payment paid here that
 * Stripe shows unpaid, settled by hand; a difference that is expected): the finding is
 * `dismissed`, nothing in the books changes, and the reason is in the audit log. Only an
 * open finding can be dismissed, once.
 */
export async function dismissFinding(input: DismissFinding, audit: AuditContext): Promise<{ findingId: string; status: "dismissed" }> {
  const parsed = DismissFindingSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { id, reason } = parsed.data;
  await withTransaction(async (sql) => {
    const [finding] = await sql.query<{ kind: string; subject: string; status: string; run_id: string }>(
      `SELECT kind, subject, status, run_id FROM reconciliation_finding WHERE id = $1::bigint FOR UPDATE`,
      [id],
    );
    if (!finding) throw new AppError("not_found", `No finding ${id}.`);
    if (finding.status !== "open") throw new AppError("conflict", `Finding ${id} is ${finding.status} already.`);
    await sql.query(`UPDATE reconciliation_finding SET status = 'dismissed' WHERE id = $1::bigint`, [id]);
    await recordAudit(sql, { ...audit, action: "reconciliations.dismiss", subject: finding.subject, after: { finding: id, run: finding.run_id, kind: finding.kind, status: "dismissed" }, detail: reason });
  });
  return { findingId: id, status: "dismissed" };
}
