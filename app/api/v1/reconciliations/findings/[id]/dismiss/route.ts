// POST /api/v1/reconciliations/findings/{id}/dismiss — an open finding needs no repair: { reason } (operator and up)
import { apiHandler, readJson } from "@/server/http/api-handler";
import { dismissFinding } from "@/server/reconcile/dismiss-finding";

export const dynamic = "force-dynamic";

export const POST = apiHandler<{ params: Promise<{ id: string }> }>("reconciliations.dismiss", async (request, principal, context) => {
  const body = (await readJson(request)) as { reason?: unknown };
  return dismissFinding({ id: (await context.params).id, reason: body.reason as string }, principal.audit);
});
