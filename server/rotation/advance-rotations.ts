import { recordAlert } from "../alerts/record-alert";
import type { AuditContext } from "../audit/audit-actor";
import { pool, withTransaction } from "../db";
import { forgetEndpointSecrets } from "../endpoints/endpoint-secrets";
import { log } from "../log";
import { stripeApiForEndpoint } from "../stripe-api/stripe-api-for-endpoint";
import { finishRotation } from "./finish-rotation";
import { lockRotationOrThrow, ROTATION_COLUMNS, type RotationRow } from "./rotation-row";
import { deleteStripeEndpointsOfRotation, deleteStripeWebhookEndpoint } from "./stripe-webhook-endpoints";

const SYSTEM: AuditContext = { actor: { kind: "system" }, sourceAddress: null };
/** A rotation still `creating` after this long lost its process mid-step. */
const CREATING_STALE_MS = 5 * 60_000;

type Advanced = { rotationId: string; endpoint: string; outcome: "completed" | "rolled_back" | "failed" };

/**
 * One pass over the rotations going on, safe from several processes (each rotation is
 * locked while it moves). A manual roll completes when its old secrets expire, or
 * earlier when the endpoint's policy retires them automatically: the new secret has
 * verified deliveries and no old one has for the quiet period. An API-driven rotation
 * completes once the new secret has verified a delivery (the old Stripe endpoint is
 * then deleted), and rolls back if that has not happened by its deadline.
 */
export async function advanceRotations(now = new Date()): Promise<Advanced[]> {
  const open = await pool().query<RotationRow & { rotation_quiet_minutes: number; rotation_auto_retire: boolean; updated_at: Date }>(
    `SELECT ${ROTATION_COLUMNS}, e.rotation_quiet_minutes, e.rotation_auto_retire, r.updated_at
       FROM secret_rotation r JOIN endpoint e ON e.id = r.endpoint_id WHERE r.finished_at IS NULL ORDER BY r.started_at`,
  );
  const advanced: Advanced[] = [];
  for (const rotation of open.rows) {
    try {
      const outcome = await advanceOne(rotation, now);
      if (outcome) {
        advanced.push({ rotationId: rotation.id, endpoint: rotation.endpoint_name, outcome });
        forgetEndpointSecrets(rotation.endpoint_name);
      }
    } catch (error) {
      log.warn("a rotation could not advance; the next pass tries again", { rotationId: rotation.id, endpoint: rotation.endpoint_name, error });
    }
  }
  return advanced;
}

async function advanceOne(rotation: RotationRow & { rotation_quiet_minutes: number; rotation_auto_retire: boolean; updated_at: Date }, now: Date): Promise<Advanced["outcome"] | null> {
  if (rotation.kind === "manual") {
    if (rotation.old_expires_at && rotation.old_expires_at <= now) {
      return finish(rotation.id, "completed", "The old secrets expired at the end of the overlap.");
    }
    if (rotation.rotation_auto_retire && (await quietPeriodOver(rotation, now))) {
      return finish(rotation.id, "completed", `Retired automatically: the new secret verified every delivery for ${rotation.rotation_quiet_minutes} minutes.`);
    }
    return null;
  }
  if (rotation.status === "creating") {
    if (now.getTime() - rotation.updated_at.getTime() < CREATING_STALE_MS) return null;
    const api = await stripeApiForEndpoint(rotation.endpoint_id);
    if (api) await deleteStripeEndpointsOfRotation(api, rotation.id);
    return finish(rotation.id, "failed", "Interrupted while creating the new Stripe endpoint; start the rotation again.");
  }
  const newMatched = await pool().query<{ matched: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM delivery WHERE endpoint_id = $1::uuid AND received_at >= $2 AND matched_secret_id = $3::uuid) AS matched`,
    [rotation.endpoint_id, rotation.started_at, rotation.new_secret_id],
  );
  const api = await stripeApiForEndpoint(rotation.endpoint_id);
  if (newMatched.rows[0]!.matched) {
    if (!api) throw new Error("the endpoint has no Stripe API key any more");
    if (rotation.old_stripe_endpoint_id) await deleteStripeWebhookEndpoint(api, rotation.old_stripe_endpoint_id);
    return finish(rotation.id, "completed", `The new Stripe endpoint ${rotation.new_stripe_endpoint_id} delivered; the old one (${rotation.old_stripe_endpoint_id}) is deleted.`, async (sql) => {
      await sql.query(`UPDATE endpoint SET stripe_webhook_endpoint_id = $2 WHERE id = $1::uuid`, [rotation.endpoint_id, rotation.new_stripe_endpoint_id]);
    });
  }
  if (rotation.confirm_by && rotation.confirm_by <= now) {
    if (!api) throw new Error("the endpoint has no Stripe API key any more");
    if (rotation.new_stripe_endpoint_id) await deleteStripeWebhookEndpoint(api, rotation.new_stripe_endpoint_id);
    const reason = `Rolled back: the new Stripe endpoint ${rotation.new_stripe_endpoint_id} delivered nothing by ${rotation.confirm_by.toISOString()}; it is deleted and the old one kept.`;
    const outcome = await finish(rotation.id, "rolled_back", reason);
    if (outcome) await recordAlert({ kind: "rotation_rolled_back", severity: "warning", subject: `endpoint:${rotation.endpoint_name}`, message: `The rotation of "${rotation.endpoint_name}" was rolled back: the new Stripe endpoint delivered nothing in time. Check that Stripe can reach the webhook URL.`, detail: { rotation: rotation.id } });
    return outcome;
  }
  return null;
}

/** The new secret verified deliveries during the quiet period, and no old secret did. */
async function quietPeriodOver(rotation: RotationRow & { rotation_quiet_minutes: number }, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - rotation.rotation_quiet_minutes * 60_000);
  if (rotation.started_at > since || !rotation.new_secret_id) return false;
  const [row] = (
    await pool().query<{ new_count: number; old_count: number }>(
      `SELECT count(*) FILTER (WHERE matched_secret_id = $3::uuid)::int AS new_count, count(*) FILTER (WHERE matched_secret_id = ANY($4::uuid[]))::int AS old_count
         FROM delivery WHERE endpoint_id = $1::uuid AND received_at >= $2`,
      [rotation.endpoint_id, since, rotation.new_secret_id, rotation.old_secret_ids],
    )
  ).rows;
  return row!.new_count > 0 && row!.old_count === 0;
}

async function finish(rotationId: string, status: Advanced["outcome"], reason: string, alsoInTransaction?: (sql: Parameters<Parameters<typeof withTransaction>[0]>[0]) => Promise<void>): Promise<Advanced["outcome"] | null> {
  return withTransaction(async (sql) => {
    const rotation = await lockRotationOrThrow(sql, rotationId);
    if (rotation.finished_at) return null; // another process finished it first
    await alsoInTransaction?.(sql);
    await finishRotation(sql, rotation, { status, reason }, SYSTEM);
    return status;
  });
}

