import { z } from "zod";
import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { fingerprint } from "../crypto/cipher";
import { sealAtRest } from "../crypto/keys";
import { pool, withTransaction } from "../db";
import { forgetEndpointSecrets } from "../endpoints/endpoint-secrets";
import { AppError, invalidInput, isAppError } from "../errors";
import { log } from "../log";
import { stripeApiForEndpoint } from "../stripe-api/stripe-api-for-endpoint";
import { finishRotation } from "./finish-rotation";
import { lockEndpointOrThrow, lockRotationOrThrow, openRotationOf } from "./rotation-row";
import { startedByLabel } from "./started-by-label";
import { deleteStripeWebhookEndpoint, findStripeWebhookEndpoint } from "./stripe-webhook-endpoints";

export const StartStripeRotationSchema = z.object({
  endpointName: z.string().min(1, "endpoint is required"),
  /** The Stripe endpoint to rotate (`we_...`); found by URL when absent. */
  stripeEndpointId: z.string().regex(/^we_[A-Za-z0-9]+$/, "stripeEndpointId looks like we_ followed by letters and digits").optional(),
  /** Roll back unless the new Stripe endpoint delivers within this many minutes. */
  confirmWithinMinutes: z.number({ error: "confirmWithinMinutes is a number of minutes" }).int("confirmWithinMinutes is whole minutes").min(1).max(7 * 24 * 60).default(60),
});
export type StartStripeRotation = z.input<typeof StartStripeRotationSchema>;

/**
 * An API-driven rotation, up to the point where both Stripe endpoints deliver: finds the
 * Stripe endpoint that delivers here, creates a second one with the same URL, events and
 * API version, and stores its secret encrypted without anyone seeing it. From then on
 * every event arrives twice (the ledger's dedup absorbs the second); advanceRotations
 * deletes the old endpoint once the new secret has verified a delivery, or rolls back
 * when it has not by the deadline. Any failure before the secret is stored leaves
 * nothing behind in Stripe and the rotation `failed`.
 */
export async function startStripeRotation(input: StartStripeRotation, context: AuditContext) {
  const parsed = StartStripeRotationSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { endpointName, stripeEndpointId, confirmWithinMinutes } = parsed.data;

  const rotation = await withTransaction(async (sql) => {
    const endpoint = await lockEndpointOrThrow(sql, endpointName);
    const open = await openRotationOf(sql, endpoint.id);
    if (open) throw new AppError("conflict", `A ${open.kind === "manual" ? "roll" : "rotation"} of "${endpointName}" is already going on (${open.id}): let it finish, or roll it back first.`);
    const verifying = await sql.query<{ id: string }>(
      `SELECT id FROM signing_secret WHERE endpoint_id = $1::uuid AND status = 'active' AND (expires_at IS NULL OR expires_at > now())`,
      [endpoint.id],
    );
    if (verifying.length === 0) throw new AppError("conflict", `"${endpointName}" has no secret that verifies now; add Stripe's current secret first.`);
    const [row] = await sql.query<{ id: string }>(
      `INSERT INTO secret_rotation (id, endpoint_id, kind, status, old_secret_ids, confirm_by, old_stripe_endpoint_id, started_by)
       VALUES (gen_random_uuid(), $1::uuid, 'stripe_api', 'creating', $2::uuid[], now() + make_interval(mins => $3), $4, $5) RETURNING id`,
      [endpoint.id, verifying.map((secret) => secret.id), confirmWithinMinutes, stripeEndpointId ?? null, startedByLabel(context)],
    );
    await recordAudit(sql, { ...context, action: "secrets.rotate", subject: `endpoint:${endpointName}`, after: { rotation: row!.id, confirmWithinMinutes } });
    return row!;
  });

  try {
    await createNewStripeEndpoint(rotation.id, stripeEndpointId ?? null);
  } catch (error) {
    await withTransaction(async (sql) => {
      const locked = await lockRotationOrThrow(sql, rotation.id);
      if (locked.status !== "creating") return;
      await finishRotation(sql, locked, { status: "failed", reason: isAppError(error) ? error.message : "Stripe could not be reached; nothing was changed." }, { actor: { kind: "system" }, sourceAddress: null });
    });
    throw error;
  }
  forgetEndpointSecrets(endpointName);
  return { rotationId: rotation.id };
}

/**
 * The `creating` step: the old Stripe endpoint is found, the new one created (with an
 * idempotency key, so a retried request creates one endpoint), and its secret stored in
 * the same transaction that moves the rotation to `confirming`. If that transaction
 * fails, the new Stripe endpoint is deleted again.
 */
async function createNewStripeEndpoint(rotationId: string, namedStripeEndpointId: string | null): Promise<void> {
  const [row] = (
    await pool().query<{ endpoint_id: string; name: string; stripe_webhook_endpoint_id: string | null }>(
      `SELECT e.id AS endpoint_id, e.name, e.stripe_webhook_endpoint_id FROM secret_rotation r JOIN endpoint e ON e.id = r.endpoint_id WHERE r.id = $1::uuid`,
      [rotationId],
    )
  ).rows;
  const api = await stripeApiForEndpoint(row!.endpoint_id);
  if (!api) throw new AppError("conflict", `"${row!.name}" has no Stripe API key: set one that may manage webhook endpoints (hookwarden endpoint set-stripe-key).`);
  const old = await findStripeWebhookEndpoint(api, row!.name, namedStripeEndpointId ?? row!.stripe_webhook_endpoint_id, rotationId);
  const created = await api.request(`create webhook endpoint for ${row!.name}`, (stripe) =>
    stripe.webhookEndpoints.create(
      {
        url: old.url,
        enabled_events: old.enabled_events as never,
        ...(old.api_version ? { api_version: old.api_version as never } : {}),
        ...(old.description ? { description: old.description } : {}),
        metadata: { ...old.metadata, hookwarden_rotation: rotationId, hookwarden_replaces: old.id },
      },
      { idempotencyKey: `hookwarden-rotation-${rotationId}` },
    ),
  );
  const secret = created.secret;
  try {
    if (!secret) throw new AppError("stripe_unavailable", `Stripe created webhook endpoint ${created.id} but did not answer its secret.`);
    await withTransaction(async (sql) => {
      const rotation = await lockRotationOrThrow(sql, rotationId);
      if (rotation.status !== "creating") throw new AppError("conflict", "The rotation was ended while the new Stripe endpoint was being created.");
      const [added] = await sql.query<{ id: string }>(
        `INSERT INTO signing_secret (id, endpoint_id, ciphertext, fingerprint, label, source) VALUES (gen_random_uuid(), $1::uuid, $2, $3, $4, 'rotation') RETURNING id`,
        [rotation.endpoint_id, Buffer.from(sealAtRest(secret)), fingerprint(secret), `Stripe endpoint ${created.id}`],
      );
      await sql.query(
        `UPDATE secret_rotation SET status = 'confirming', new_secret_id = $2::uuid, old_stripe_endpoint_id = $3, new_stripe_endpoint_id = $4, updated_at = now() WHERE id = $1::uuid`,
        [rotationId, added!.id, old.id, created.id],
      );
      await sql.query(`UPDATE endpoint SET stripe_webhook_endpoint_id = $2 WHERE id = $1::uuid`, [rotation.endpoint_id, old.id]);
      await recordAudit(sql, {
        actor: { kind: "system" },
        sourceAddress: null,
        action: "secrets.rotation_step",
        subject: `endpoint:${rotation.endpoint_name}`,
        after: { rotation: rotationId, step: "created", oldStripeEndpoint: old.id, newStripeEndpoint: created.id, newSecret: fingerprint(secret) },
        detail: `Created Stripe endpoint ${created.id} beside ${old.id}; its secret is stored encrypted. Waiting for a delivery it signs.`,
      });
    });
  } catch (error) {
    await deleteStripeWebhookEndpoint(api, created.id).catch((cleanup: unknown) => log.error("could not delete the Stripe endpoint of a failed rotation", { rotationId, stripeEndpoint: created.id, error: cleanup }));
    throw error;
  }
}
