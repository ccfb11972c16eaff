import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import type { Sql } from "../db";
import type { RotationRow } from "./rotation-row";
import type { RotationStatus } from "./rotation-status";

/**
 * Ends a rotation in the caller's transaction, with its audit entry. `completed` retires
 * the old secrets (the new one alone verifies); `rolled_back` retires the new secret and
 * lifts the expiry the roll put on the old ones, so they verify as before; `failed`
 * retires the new secret if one was stored. The endpoint's secrets cache is the
 * caller's to drop after commit.
 */
export async function finishRotation(
  sql: Sql,
  rotation: RotationRow,
  outcome: { status: Extract<RotationStatus, "completed" | "rolled_back" | "failed">; reason: string },
  context: AuditContext,
): Promise<void> {
  if (outcome.status === "completed") {
    await sql.query(`UPDATE signing_secret SET status = 'retired', retired_at = now() WHERE id = ANY($1::uuid[]) AND status = 'active'`, [rotation.old_secret_ids]);
  } else {
    if (rotation.new_secret_id) {
      await sql.query(`UPDATE signing_secret SET status = 'retired', retired_at = now() WHERE id = $1::uuid AND status = 'active'`, [rotation.new_secret_id]);
    }
    await sql.query(`UPDATE signing_secret SET expires_at = NULL WHERE id = ANY($1::uuid[]) AND status = 'active' AND expires_at = $2`, [rotation.old_secret_ids, rotation.old_expires_at]);
  }
  await sql.query(`UPDATE secret_rotation SET status = $2, finished_at = now(), outcome = $3, updated_at = now() WHERE id = $1::uuid`, [rotation.id, outcome.status, outcome.reason]);
  await recordAudit(sql, {
    ...context,
    action: outcome.status === "completed" ? "secrets.rotation_completed" : outcome.status === "rolled_back" ? "secrets.rollback" : "secrets.rotation_failed",
    subject: `endpoint:${rotation.endpoint_name}`,
    after: { rotation: rotation.id, kind: rotation.kind, status: outcome.status },
    detail: outcome.reason,
  });
}
