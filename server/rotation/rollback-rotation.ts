import type { AuditContext } from "../audit/audit-actor";
import { withTransaction } from "../db";
import { forgetEndpointSecrets } from "../endpoints/endpoint-secrets";
import { AppError } from "../errors";
import { DECISION_REASON_MAX_LENGTH, DECISION_REASON_MIN_LENGTH } from "../quarantine/decision-reason";
import { stripeApiForEndpoint } from "../stripe-api/stripe-api-for-endpoint";
import { finishRotation } from "./finish-rotation";
import { lockRotationOrThrow } from "./rotation-row";
import { isOpenRotation } from "./rotation-status";
import { deleteStripeWebhookEndpoint } from "./stripe-webhook-endpoints";

/**
 * Undoes a rotation going on: the new secret is retired and the old ones verify as
 * before. For an API-driven rotation the new Stripe endpoint is deleted first; if Stripe
 * cannot be reached nothing changes. A roll whose old secrets have already expired
 * cannot come back: Stripe no longer signs with them either.
 */
export async function rollbackRotation(input: { rotationId: string; reason: string }, context: AuditContext) {
  const reason = input.reason.trim();
  if (reason.length < DECISION_REASON_MIN_LENGTH || reason.length > DECISION_REASON_MAX_LENGTH) {
    const problem = `say why the rotation is rolled back, in ${DECISION_REASON_MIN_LENGTH} to ${DECISION_REASON_MAX_LENGTH} characters`;
    throw new AppError("invalid_request", `reason: ${problem}`, { fields: { reason: problem } });
  }
  const peek = await withTransaction((sql) => lockRotationOrThrow(sql, input.rotationId));
  if (!isOpenRotation(peek.status)) throw new AppError("conflict", `This rotation is already ${peek.status.replace("_", " ")}.`);
  if (peek.kind === "manual" && peek.old_expires_at && peek.old_expires_at <= new Date()) {
    throw new AppError("conflict", "The old secrets have expired: Stripe no longer signs with them, so the roll cannot be undone. Roll again instead.");
  }
  if (peek.new_stripe_endpoint_id) {
    const api = await stripeApiForEndpoint(peek.endpoint_id);
    if (!api) throw new AppError("conflict", "This endpoint has no Stripe API key any more, so the new Stripe endpoint cannot be deleted.");
    await deleteStripeWebhookEndpoint(api, peek.new_stripe_endpoint_id);
  }
  await withTransaction(async (sql) => {
    const rotation = await lockRotationOrThrow(sql, input.rotationId);
    if (!isOpenRotation(rotation.status)) throw new AppError("conflict", `This rotation is already ${rotation.status.replace("_", " ")}.`);
    await finishRotation(sql, rotation, { status: "rolled_back", reason }, context);
  });
  forgetEndpointSecrets(peek.endpoint_name);
  return { rotationId: input.rotationId, status: "rolled_back" as const };
}
