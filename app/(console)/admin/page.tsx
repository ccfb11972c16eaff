// GET /admin — API keys: create (shown once), list, revoke with a reason; links to endpoints and users (api_keys.list: admin)
import type { Metadata } from "next";
import { AdminNav } from "@/components/admin/admin-nav";
import { ApiKeysAdmin } from "@/components/admin/api-keys-admin";
import { listApiKeys } from "@/server/auth/list-api-keys";
import { ACTIONS } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API keys · Admin · Hookwarden" };

export default async function AdminPage() {
  await requireUser(ACTIONS["api_keys.list"].role);
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 p-6 lg:p-8">
      <header className="flex flex-col gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Admin</h1>
          <p className="text-sm text-muted-foreground">API keys for the REST API, endpoint settings and console users. Every change is recorded in the audit log.</p>
        </div>
        <AdminNav current="/admin" />
      </header>
      <ApiKeysAdmin keys={await listApiKeys()} actions={{ createKey: createApiKeyAction, revokeKey: revokeApiKeyAction }} />
    </div>
  );
}
