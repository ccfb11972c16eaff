import { prisma } from "../db";

/** Endpoints with their secrets' metadata (fingerprints only, never a secret). */
export async function listEndpoints() {
  return prisma().endpoint.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      description: true,
      toleranceSeconds: true,
      noReferencePolicy: true,
      createdAt: true,
      secrets: {
        orderBy: { createdAt: "asc" },
        select: { id: true, fingerprint: true, label: true, source: true, status: true, expiresAt: true, lastMatchedAt: true, createdAt: true },
      },
      _count: { select: { events: true } },
    },
  });
}
