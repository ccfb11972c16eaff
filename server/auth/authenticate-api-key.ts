import { createHash } from "node:crypto";
import { verify } from "@node-rs/argon2";
import { prisma } from "../db";
import { AppError } from "../errors";
import { isRole, roleAtLeast, type Role } from "./roles";

export type ApiPrincipal = { kind: "api_key"; id: string; name: string; role: Role };

const KEY_FORMAT = /^hwk_([0-9a-f]{12})_[A-Za-z0-9_-]{32}$/;
/** A verified key is remembered this long so that argon2 does not run on every request. */
const VERIFIED_MS = 60_000;
const verified = new Map<string, number>();

/**
 * Authenticates `Authorization: Bearer hwk_...` and checks the role, on every
 * request. The key row is re-read each time, so a revoked key or a changed role
 * takes effect at once; only the argon2 verification itself is cached.
 */
export async function authenticateApiKey(authorization: string | null, required: Role): Promise<ApiPrincipal> {
  const match = /^Bearer (\S+)$/.exec(authorization ?? "");
  const key = match?.[1];
  const parts = key ? KEY_FORMAT.exec(key) : null;
  if (!key || !parts) throw new AppError("unauthenticated", "Send an API key: Authorization: Bearer hwk_...");

  const row = await prisma().apiKey.findUnique({ where: { prefix: parts[1]! } });
  if (!row || row.revokedAt) throw new AppError("unauthenticated", "The API key is not valid.");
  const cacheKey = createHash("sha256").update(`${row.hash}\0${key}`).digest("hex");
  const verifiedAt = verified.get(cacheKey);
  if (verifiedAt === undefined || Date.now() - verifiedAt > VERIFIED_MS) {
    if (!(await verify(row.hash, key))) throw new AppError("unauthenticated", "The API key is not valid.");
    if (verified.size > 10_000) verified.clear();
    verified.set(cacheKey, Date.now());
  }
  if (!isRole(row.role) || !roleAtLeast(row.role, required)) {
    throw new AppError("forbidden", `This action needs the ${required} role.`);
  }
  void prisma()
    .apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } })
    .catch(() => undefined);
  return { kind: "api_key", id: row.id, name: row.name, role: row.role };
}
