"use server";
// Server actions of /admin: create and revoke API keys (api_keys.*: admin)
import { defineAction } from "@/server/auth/action";
import { createApiKey, CreateApiKeySchema } from "@/server/auth/create-api-key";
import { revokeApiKey, RevokeApiKeySchema } from "@/server/auth/revoke-api-key";

/** The key comes back in this answer only: the page shows it once, and nothing can read it again. */
export const createApiKeyAction = defineAction("api_keys.create", CreateApiKeySchema, (input, { audit }) => createApiKey(input, audit));

export const revokeApiKeyAction = defineAction("api_keys.revoke", RevokeApiKeySchema, (input, { audit }) => revokeApiKey(input, audit));
