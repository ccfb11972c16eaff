import { z } from "zod";
import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { fingerprint } from "../crypto/cipher";
import { sealAtRest } from "../crypto/keys";
import { withTransaction } from "../db";
import { WebhookSecretSchema } from "../endpoints/endpoint-name";
import { forgetEndpointSecrets } from "../endpoints/endpoint-secrets";
import { AppError, invalidInput } from "../errors";
import { lockEndpointOrThrow, openRotationOf } from "./rotation-row";
import { DEFAULT_OVERLAP_HOURS, MAX_OVERLAP_HOURS } from "./rotation-status";
import { startedByLabel } from "./started-by-label";

export const RollSigningSecretSchema = z.object({
  endpointName: z.string().min(1, "endpoint is required"),
  secret: WebhookSecretSchema,
  /** How long the old secrets keep verifying: 0 (stop now, for a leaked secret) to 24 hours, Stripe's own maximum. */
  overlapHours: z
    .number({ error: "overlapHours is a number of hours" })
    .min(0, "overlapHours is at least 0")
    .max(MAX_OVERLAP_HOURS, `overlapHours is at most ${MAX_OVERLAP_HOURS} (Stripe keeps a rolled secret for at most 24 hours)`)
    .default(DEFAULT_OVERLAP_HOURS),
  label: z.string().trim().max(100, "label is at most 100 characters").optional(),
  source: z.enum(["cli", "api", "console"]),
});
export type RollSigningSecret = z.input<typeof RollSigningSecretSchema>;

/**
 * A manual roll, as in Stripe's Dashboard: the new secret (which Stripe showed the admin)
 * is added, and every secret that verifies now gets an expiry `overlapHours` away, so
 * deliveries signed by old, new or both keep verifying until Stripe stops signing with
 * the old one. One rotation per endpoint at a time; the secret is stored encrypted and
 * only its fingerprint is returned or recorded.
 */
export async function rollSigningSecret(input: RollSigningSecret, context: AuditContext) {
  const parsed = RollSigningSecretSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { endpointName, secret, overlapHours, label, source } = parsed.data;
  const print = fingerprint(secret);
  const result = await withTransaction(async (sql) => {
    const endpoint = await lockEndpointOrThrow(sql, endpointName);
    const open = await openRotationOf(sql, endpoint.id);
    if (open) throw new AppError("conflict", `A ${open.kind === "manual" ? "roll" : "rotation"} of "${endpointName}" is already going on (${open.id}): let it finish, or roll it back first.`);
    const secrets = await sql.query<{ id: string; fingerprint: string; status: string; expires_at: Date | null }>(
      `SELECT id, fingerprint, status, expires_at FROM signing_secret WHERE endpoint_id = $1::uuid`,
      [endpoint.id],
    );
    const same = secrets.find((row) => row.fingerprint === print);
    if (same) {
      throw new AppError("conflict", same.status === "retired" ? `Secret ${print} was retired from "${endpointName}"; a retired secret never verifies again. Roll a new one in Stripe.` : `Secret ${print} is already on "${endpointName}".`);
    }
    const now = new Date();
    const verifying = secrets.filter((row) => row.status === "active" && (row.expires_at === null || row.expires_at > now));
    if (verifying.length === 0) throw new AppError("conflict", `"${endpointName}" has no secret that verifies now, so there is nothing to roll: add the secret instead (hookwarden secret add).`);
    const oldExpiresAt = new Date(now.getTime() + overlapHours * 3_600_000);
    const [added] = await sql.query<{ id: string }>(
      `INSERT INTO signing_secret (id, endpoint_id, ciphertext, fingerprint, label, source) VALUES (gen_random_uuid(), $1::uuid, $2, $3, $4, $5) RETURNING id`,
      [endpoint.id, Buffer.from(sealAtRest(secret)), print, label ?? null, source],
    );
    await sql.query(`UPDATE signing_secret SET expires_at = LEAST(COALESCE(expires_at, 'infinity'), $2) WHERE id = ANY($1::uuid[])`, [verifying.map((row) => row.id), oldExpiresAt]);
    const [rotation] = await sql.query<{ id: string }>(
      `INSERT INTO secret_rotation (id, endpoint_id, kind, status, old_secret_ids, new_secret_id, old_expires_at, started_by)
       VALUES (gen_random_uuid(), $1::uuid, 'manual', 'overlap', $2::uuid[], $3::uuid, $4, $5) RETURNING id`,
      [endpoint.id, verifying.map((row) => row.id), added!.id, oldExpiresAt, startedByLabel(context)],
    );
    const after = { rotation: rotation!.id, newSecret: print, oldSecrets: verifying.map((row) => row.fingerprint), oldExpiresAt: oldExpiresAt.toISOString() };
    await recordAudit(sql, { ...context, action: "secrets.roll", subject: `endpoint:${endpointName}`, after });
    return { rotationId: rotation!.id, fingerprint: print, oldFingerprints: after.oldSecrets, oldExpiresAt };
  });
  forgetEndpointSecrets(endpointName);
  return result;
}
