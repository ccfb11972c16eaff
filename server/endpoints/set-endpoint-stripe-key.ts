import { z } from "zod";
import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { fingerprint } from "../crypto/cipher";
import { sealAtRest } from "../crypto/keys";
import { prisma } from "../db";
import { AppError, invalidInput } from "../errors";
import { EndpointNameSchema } from "./endpoint-name";

export const SetStripeKeySchema = z.object({
  name: EndpointNameSchema,
  /** A restricted key (rk_...) with read access to events, checkout sessions, payment intents, charges, invoices, subscriptions and customers; null removes it. */
  apiKey: z
    .string()
    .trim()
    .regex(/^(rk|sk)_(test|live)_[A-Za-z0-9_]{4,}$/, "apiKey must be a Stripe restricted key (rk_live_..., rk_test_...) or secret key")
    .nullable(),
});

/**
 * Sets (or removes) the Stripe API key Hookwarden uses for an endpoint's account:
 * stored encrypted, shown never again, only its fingerprint. Audited with the
 * fingerprints before and after.
 */
export async function setEndpointStripeKey(input: unknown, context: AuditContext): Promise<{ name: string; fingerprint: string | null }> {
  const parsed = SetStripeKeySchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { name, apiKey } = parsed.data;
  const print = apiKey ? fingerprint(apiKey) : null;
  return prisma().$transaction(async (tx) => {
    const endpoint = await tx.endpoint.findUnique({ where: { name }, select: { id: true, stripeApiKeyFingerprint: true } });
    if (!endpoint) throw new AppError("not_found", `No endpoint named "${name}".`);
    await tx.endpoint.update({ where: { id: endpoint.id }, data: { stripeApiKeyCiphertext: apiKey ? sealAtRest(apiKey) : null, stripeApiKeyFingerprint: print } });
    await recordAudit(tx, {
      ...context,
      action: "endpoints.set_stripe_key",
      subject: `endpoint:${name}`,
      before: { stripeApiKey: endpoint.stripeApiKeyFingerprint },
      after: { stripeApiKey: print },
    });
    return { name, fingerprint: print };
  });
}
