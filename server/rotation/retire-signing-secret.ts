import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { withTransaction } from "../db";
import { forgetEndpointSecrets } from "../endpoints/endpoint-secrets";
import { AppError } from "../errors";
import { finishRotation } from "./finish-rotation";
import { lockEndpointOrThrow, openRotationOf } from "./rotation-row";

/**
 * Retires one secret of an endpoint now: it never verifies again. Refused when it is
 * the only secret that verifies (every delivery would then be refused: roll first), and
 * for the new secret of a rotation going on (roll the rotation back instead). Retiring
 * the last old secret of a rotation completes it.
 */
export async function retireSigningSecret(input: { endpointName: string; fingerprint: string; reason?: string }, context: AuditContext) {
  const result = await withTransaction(async (sql) => {
    const endpoint = await lockEndpointOrThrow(sql, input.endpointName);
    const secrets = await sql.query<{ id: string; fingerprint: string; status: string; expires_at: Date | null }>(
      `SELECT id, fingerprint, status, expires_at FROM signing_secret WHERE endpoint_id = $1::uuid`,
      [endpoint.id],
    );
    const target = secrets.find((row) => row.fingerprint === input.fingerprint);
    if (!target) throw new AppError("not_found", `"${input.endpointName}" has no secret ${input.fingerprint}.`);
    if (target.status === "retired") throw new AppError("conflict", `Secret ${input.fingerprint} was already retired.`);
    const now = new Date();
    const othersVerifying = secrets.filter((row) => row.id !== target.id && row.status === "active" && (row.expires_at === null || row.expires_at > now));
    const targetVerifies = target.expires_at === null || target.expires_at > now;
    if (targetVerifies && othersVerifying.length === 0) {
      throw new AppError("conflict", `Secret ${input.fingerprint} is the only one that verifies deliveries to "${input.endpointName}": retiring it would refuse every delivery. Roll a new secret first (an overlap of 0 stops the old one at once).`);
    }
    const open = await openRotationOf(sql, endpoint.id);
    if (open?.new_secret_id === target.id) throw new AppError("conflict", `Secret ${input.fingerprint} is the new secret of the rotation going on; roll that rotation back instead.`);
    await sql.query(`UPDATE signing_secret SET status = 'retired', retired_at = now() WHERE id = $1::uuid`, [target.id]);
    await recordAudit(sql, { ...context, action: "secrets.retire", subject: `endpoint:${input.endpointName}`, after: { secret: input.fingerprint }, detail: input.reason?.trim() || null });
    let completedRotation: string | null = null;
    if (open && open.old_secret_ids.includes(target.id)) {
      const [left] = await sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM signing_secret WHERE id = ANY($1::uuid[]) AND status = 'active'`, [open.old_secret_ids]);
      if (left!.count === 0) {
        await finishRotation(sql, open, { status: "completed", reason: "The old secrets were retired by hand." }, context);
        completedRotation = open.id;
      }
    }
    return { fingerprint: input.fingerprint, completedRotation };
  });
  forgetEndpointSecrets(input.endpointName);
  return result;
}
