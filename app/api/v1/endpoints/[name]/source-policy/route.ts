// PUT /api/v1/endpoints/{name}/source-policy — { policy: "off" | "monitor" | "enforce", reason? } (admin)
import { setSourcePolicy } from "@/server/gatekeeper/sources/set-source-policy";
import { apiHandler, readJson } from "@/server/http/api-handler";

export const dynamic = "force-dynamic";

export const PUT = apiHandler<{ params: Promise<{ name: string }> }>("gatekeeper.set_source_policy", async (request, principal, context) => {
  const body = (await readJson(request)) as Record<string, unknown> | null;
  return setSourcePolicy({ policy: body?.policy, reason: body?.reason, endpoint: (await context.params).name }, principal.audit);
});
