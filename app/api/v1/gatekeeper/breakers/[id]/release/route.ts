// POST /api/v1/gatekeeper/breakers/{id}/release — { reason }: release every event the breaker holds (operator and up)
import { releaseHeldEvents } from "@/server/gatekeeper/breaker/release-held-events";
import { apiHandler, readJson } from "@/server/http/api-handler";

export const dynamic = "force-dynamic";

export const POST = apiHandler<{ params: Promise<{ id: string }> }>("gatekeeper.release_held", async (request, principal, context) => {
  const body = (await readJson(request)) as Record<string, unknown> | null;
  return releaseHeldEvents({ reason: body?.reason, breakerId: (await context.params).id }, principal.audit);
});
