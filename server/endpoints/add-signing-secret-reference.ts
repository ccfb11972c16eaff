import { fingerprint } from "../crypto/cipher";
import { prisma } from "../db";
import { AppError } from "../errors";
import { readSecret } from "../secrets/read-secret";
import { formatSecretReference, parseSecretReference } from "../secrets/secret-reference";
import { forgetEndpointSecrets } from "./endpoint-secrets";
import { WebhookSecretSchema } from "./endpoint-name";

export type AddSigningSecretReferenceInput = {
  endpointName: string;
  /** Where the secret lives, e.g. `vault:secret/hookwarden/default#signing_secret` (server/secrets/secret-reference.ts). */
  reference: string;
  source: "cli" | "api";
  label?: string;
  expiresAt?: Date;
};

/**
 * Adds a signing secret that lives at a secret provider (env, Vault, AWS Secrets Manager): the
 * row holds the reference and the value's fingerprint, never the value. The reference is read
 * once first: a malformed reference, a provider that is not configured, a secret that cannot be
 * read or that is not a `whsec_...` secret is an error, and nothing is stored. Adding the same
 * reference again changes nothing. Returns the fingerprint, never the secret.
 */
export async function addSigningSecretReference(input: AddSigningSecretReferenceInput) {
  const reference = parseSecretReference(input.reference);
  const text = formatSecretReference(reference);
  const endpoint = await prisma().endpoint.findUnique({ where: { name: input.endpointName } });
  if (!endpoint) throw new AppError("endpoint_not_found", `no endpoint named "${input.endpointName}"`);
  const value = await readSecret(reference);
  if (!WebhookSecretSchema.safeParse(value).success) {
    throw new AppError("invalid_request", `the secret at ${text} is not a Stripe signing secret (whsec_ followed by letters and digits)`);
  }
  const print = fingerprint(value);
  const select = { id: true, fingerprint: true, reference: true, status: true, source: true, label: true, expiresAt: true, createdAt: true } as const;
  const existing = await prisma().signingSecret.findUnique({ where: { endpointId_reference: { endpointId: endpoint.id, reference: text } }, select });
  if (existing) return existing;
  const same = await prisma().signingSecret.findUnique({ where: { endpointId_fingerprint: { endpointId: endpoint.id, fingerprint: print } }, select: { reference: true } });
  if (same) {
    throw new AppError("conflict", `"${input.endpointName}" already has this secret (fingerprint ${print})${same.reference ? `, from ${same.reference}` : ", stored in the database"}`);
  }
  const row = await prisma().signingSecret.create({
    data: { endpointId: endpoint.id, reference: text, fingerprint: print, source: input.source, label: input.label, expiresAt: input.expiresAt },
    select,
  });
  forgetEndpointSecrets(input.endpointName);
  return row;
}
