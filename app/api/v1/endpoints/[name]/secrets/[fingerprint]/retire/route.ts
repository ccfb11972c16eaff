// POST /api/v1/endpoints/{name}/secrets/{fingerprint}/retire — retire one secret now: { reason? } (admin)
import { apiHandler, readJson } from "@/server/http/api-handler";
import { retireSigningSecret } from "@/server/rotation/retire-signing-secret";

export const dynamic = "force-dynamic";

export const POST = apiHandler<{ params: Promise<{ name: string; fingerprint: string }> }>("secrets.retire", async (request, principal, context) => {
  const { name, fingerprint } = await context.params;
  const body = (await readJson(request)) as { reason?: unknown };
  return retireSigningSecret({ endpointName: name, fingerprint, reason: typeof body.reason === "string" ? body.reason : undefined }, principal.audit);
});
