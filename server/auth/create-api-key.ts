import { randomBytes } from "node:crypto";
import { hash } from "@node-rs/argon2";
import { z } from "zod";
import { prisma } from "../db";
import { AppError } from "../errors";
import { ARGON2_OPTIONS } from "./argon2-options";
import { ROLES } from "./roles";

export const CreateApiKeySchema = z.object({
  name: z.string().trim().min(1, "a key needs a name").max(100),
  role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(", ")}` }),
});
export type CreateApiKey = z.infer<typeof CreateApiKeySchema>;

/**
 * Creates an API key `hwk_<prefix>_<secret>`. The whole key is returned once,
 * here; only the prefix (to find the row) and an argon2id hash of the key are stored.
 */
export async function createApiKey(input: CreateApiKey): Promise<{ id: string; key: string; prefix: string; role: string; name: string }> {
  const parsed = CreateApiKeySchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid_request", parsed.error.issues.map((issue) => issue.message).join("; "));
  const prefix = randomBytes(6).toString("hex");
  const key = `hwk_${prefix}_${randomBytes(24).toString("base64url")}`;
  const row = await prisma().apiKey.create({
    data: { name: parsed.data.name, role: parsed.data.role, prefix, hash: await hash(key, ARGON2_OPTIONS) },
  });
  return { id: row.id, key, prefix, role: row.role, name: row.name };
}
