// POST /api/v1/events/{stripeEventId}/release — apply a quarantined event anyway, with a reason (operator and up)
import { apiHandler, readJson } from "@/server/http/api-handler";
import { releaseQuarantinedEvent } from "@/server/quarantine/decide-quarantine";

export const dynamic = "force-dynamic";

export const POST = apiHandler<{ params: Promise<{ id: string }> }>("events.release", async (request, principal, context) =>
  releaseQuarantinedEvent({ stripeEventId: (await context.params).id, endpoint: new URL(request.url).searchParams.get("endpoint") ?? undefined }, await readJson(request), principal.audit),
);
