import { prisma } from "../db";
import { env } from "../env";
import { addSigningSecret } from "./add-signing-secret";
import { DEFAULT_ENDPOINT } from "./endpoint-name";

/**
 * Start-up: makes sure the default endpoint exists and holds every secret named in
 * STRIPE_WEBHOOK_SECRET. Secrets are only added here, never removed: retiring one
 * is an explicit act (`hookwarden secret` and, later, the console).
 */
export async function applyConfiguredSecrets(): Promise<void> {
  await prisma().endpoint.upsert({ where: { name: DEFAULT_ENDPOINT }, update: {}, create: { name: DEFAULT_ENDPOINT } });
  for (const secret of env().STRIPE_WEBHOOK_SECRET) {
    await addSigningSecret({ endpointName: DEFAULT_ENDPOINT, secret, source: "env", label: "STRIPE_WEBHOOK_SECRET" });
  }
}
