"use server";
// Server actions of /admin/endpoints/{name}/secrets: roll a secret by hand (secrets.roll), rotate through Stripe (secrets.rotate),
// retire one secret (secrets.retire) and set the rotation policy (endpoints.set_rotation_policy); all admin
import { z } from "zod";
import { defineAction } from "@/server/auth/action";
import { retireSigningSecret } from "@/server/rotation/retire-signing-secret";
import { rollSigningSecret, RollSigningSecretSchema } from "@/server/rotation/roll-signing-secret";
import { setRotationPolicy, RotationPolicySchema } from "@/server/rotation/set-rotation-policy";
import { startStripeRotation, StartStripeRotationSchema } from "@/server/rotation/start-stripe-rotation";

/** The roll form sends a FormData (so the secret is never a plain argument Next's log could print): the overlap arrives as text. */
const RollSecretFormSchema = RollSigningSecretSchema.omit({ source: true }).extend({
  overlapHours: z.coerce.number({ error: "overlapHours is a number of hours" }).pipe(RollSigningSecretSchema.shape.overlapHours.unwrap()),
  label: RollSigningSecretSchema.shape.label.transform((label) => label || undefined),
});

const RetireSecretSchema = z.object({
  endpointName: z.string().min(1, "endpoint is required"),
  fingerprint: z.string().min(1, "fingerprint is required"),
  reason: z.string().trim().max(500, "reason is at most 500 characters").optional(),
});

/** Answers the new secret's fingerprint only: the secret itself never comes back. */
export const rollSigningSecretAction = defineAction("secrets.roll", RollSecretFormSchema, async (input, { audit }) => {
  const rolled = await rollSigningSecret({ ...input, source: "console" }, audit);
  return { rotationId: rolled.rotationId, fingerprint: rolled.fingerprint, oldFingerprints: rolled.oldFingerprints, oldExpiresAt: rolled.oldExpiresAt.toISOString() };
});

export const startStripeRotationAction = defineAction("secrets.rotate", StartStripeRotationSchema, (input, { audit }) => startStripeRotation(input, audit));

export const retireSigningSecretAction = defineAction("secrets.retire", RetireSecretSchema, (input, { audit }) => retireSigningSecret(input, audit));

export const setRotationPolicyAction = defineAction("endpoints.set_rotation_policy", RotationPolicySchema, async (input, { audit }) => {
  const saved = await setRotationPolicy(input, audit);
  return { endpoint: saved.endpoint, changed: saved.changed };
});
