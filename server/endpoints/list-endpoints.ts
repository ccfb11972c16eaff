import { prisma } from "../db";

/** Endpoints with their settings and their secrets' and Stripe key's metadata (fingerprints and references only, never a secret or a key). */
export async function listEndpoints() {
  return prisma().endpoint.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      description: true,
      toleranceSeconds: true,
      noReferencePolicy: true,
      thin: true,
      confirmEventTypes: true,
      confirmTypesSet: true,
      stripeApiKeyFingerprint: true,
      createdAt: true,
      secrets: {
        orderBy: { createdAt: "asc" },
        select: { id: true, fingerprint: true, reference: true, label: true, source: true, status: true, expiresAt: true, lastMatchedAt: true, createdAt: true },
      },
      _count: { select: { events: true } },
    },
  });
}
