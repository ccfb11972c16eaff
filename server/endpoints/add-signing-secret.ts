import { fingerprint } from "../crypto/cipher";
import { sealAtRest } from "../crypto/keys";
import { prisma } from "../db";
import { AppError } from "../errors";
import { log } from "../log";
import { forgetEndpointSecrets } from "./endpoint-secrets";
import { WebhookSecretSchema } from "./endpoint-name";

export type AddSigningSecretInput = {
  endpointName: string;
  secret: string;
  source: "env" | "cli" | "api";
  label?: string;
  expiresAt?: Date;
};

/**
 * Adds a signing secret to an endpoint, encrypted at rest. Adding a secret that the
 * endpoint already has (same fingerprint) changes nothing, so start-up can apply
 * STRIPE_WEBHOOK_SECRET every time; a retired one stays retired (refused, except from
 * the environment, where it is a warning). Returns the fingerprint, never the secret.
 */
export async function addSigningSecret(input: AddSigningSecretInput) {
  const secret = WebhookSecretSchema.safeParse(input.secret);
  if (!secret.success) throw new AppError("invalid_request", secret.error.issues[0]?.message ?? "invalid secret");
  const endpoint = await prisma().endpoint.findUnique({ where: { name: input.endpointName } });
  if (!endpoint) throw new AppError("endpoint_not_found", `no endpoint named "${input.endpointName}"`);
  const print = fingerprint(secret.data);
  const row = await prisma().signingSecret.upsert({
    where: { endpointId_fingerprint: { endpointId: endpoint.id, fingerprint: print } },
    update: {},
    create: {
      endpointId: endpoint.id,
      ciphertext: sealAtRest(secret.data),
      fingerprint: print,
      source: input.source,
      label: input.label,
      expiresAt: input.expiresAt,
    },
    select: { id: true, fingerprint: true, status: true, source: true, label: true, expiresAt: true, createdAt: true },
  });
  if (row.status === "retired") {
    // A retired secret never verifies again, whoever pastes it back.
    if (input.source !== "env") throw new AppError("conflict", `Secret ${print} was retired from "${input.endpointName}"; a retired secret never verifies again.`);
    log.warn("STRIPE_WEBHOOK_SECRET names a secret that was retired; it stays retired", { endpoint: input.endpointName, secret: print });
  }
  forgetEndpointSecrets(input.endpointName);
  return row;
}
