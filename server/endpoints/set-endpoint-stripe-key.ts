import { z } from "zod";
import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { fingerprint } from "../crypto/cipher";
import { sealAtRest } from "../crypto/keys";
import { prisma } from "../db";
import { AppError, invalidInput } from "../errors";
import { readSecret } from "../secrets/read-secret";
import { formatSecretReference, parseSecretReference } from "../secrets/secret-reference";
import { EndpointNameSchema } from "./endpoint-name";

const STRIPE_KEY = /^(rk|sk)_(test|live)_[A-Za-z0-9_]{4,}$/;

export const SetStripeKeySchema = z
  .object({
    name: EndpointNameSchema,
    /** A restricted key (rk_...) with read access to events, checkout sessions, payment intents, charges, invoices, subscriptions and customers; null removes it. */
    apiKey: z.string().trim().regex(STRIPE_KEY, "apiKey must be a Stripe restricted key (rk_live_..., rk_test_...) or secret key").nullable().optional(),
    /** Or where the key lives at a secret provider (`vault:secret/hookwarden/stripe#api_key`, `aws:...`, `env:...`): only the reference is stored. */
    reference: z.string().trim().min(1).max(2_100).optional(),
  })
  .refine((input) => (input.apiKey !== undefined) !== (input.reference !== undefined), { message: "give either apiKey (null removes the key) or reference", path: ["apiKey"] });

/**
 * Sets (or removes) the Stripe API key Hookwarden uses for an endpoint's account: stored
 * encrypted, or referenced at a secret provider (read once now, so a reference that cannot be
 * read or does not hold a Stripe key stores nothing). Shown never again, only its fingerprint.
 * Audited with the fingerprints (and references) before and after.
 */
export async function setEndpointStripeKey(input: unknown, context: AuditContext): Promise<{ name: string; fingerprint: string | null; reference?: string }> {
  const parsed = SetStripeKeySchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { name } = parsed.data;
  let apiKey = parsed.data.apiKey ?? null;
  let reference: string | null = null;
  if (parsed.data.reference !== undefined) {
    const target = parseSecretReference(parsed.data.reference);
    reference = formatSecretReference(target);
    if (!(await prisma().endpoint.findUnique({ where: { name }, select: { id: true } }))) throw new AppError("not_found", `No endpoint named "${name}".`);
    apiKey = await readSecret(target);
    if (!STRIPE_KEY.test(apiKey)) throw new AppError("invalid_request", `the secret at ${reference} is not a Stripe restricted key (rk_live_..., rk_test_...) or secret key`);
  }
  const print = apiKey ? fingerprint(apiKey) : null;
  return prisma().$transaction(async (tx) => {
    const endpoint = await tx.endpoint.findUnique({ where: { name }, select: { id: true, stripeApiKeyFingerprint: true, stripeApiKeyReference: true } });
    if (!endpoint) throw new AppError("not_found", `No endpoint named "${name}".`);
    await tx.endpoint.update({
      where: { id: endpoint.id },
      data: { stripeApiKeyCiphertext: apiKey && !reference ? sealAtRest(apiKey) : null, stripeApiKeyReference: reference, stripeApiKeyFingerprint: print },
    });
    await recordAudit(tx, {
      ...context,
      action: "endpoints.set_stripe_key",
      subject: `endpoint:${name}`,
      before: { stripeApiKey: endpoint.stripeApiKeyFingerprint, ...(endpoint.stripeApiKeyReference ? { reference: endpoint.stripeApiKeyReference } : {}) },
      after: { stripeApiKey: print, ...(reference ? { reference } : {}) },
    });
    return reference ? { name, fingerprint: print, reference } : { name, fingerprint: print };
  });
}
