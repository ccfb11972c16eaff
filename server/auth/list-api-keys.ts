import { prisma } from "../db";
import { apiKeySummary, type ApiKeySummary } from "./api-key-summary";

/** Every API key, active ones first, newest first: metadata only (the hash is never selected). */
export async function listApiKeys(): Promise<ApiKeySummary[]> {
  const rows = await prisma().apiKey.findMany({
    select: { id: true, name: true, role: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
  });
  return rows.map(apiKeySummary);
}
