// POST /api/v1/events/{stripeEventId}/reject — close a quarantined event, with a reason (operator and up)
import { apiHandler, readJson } from "@/server/http/api-handler";
import { rejectQuarantinedEvent } from "@/server/quarantine/decide-quarantine";

export const dynamic = "force-dynamic";

export const POST = apiHandler<{ params: Promise<{ id: string }> }>("events.reject", async (request, principal, context) =>
  rejectQuarantinedEvent({ stripeEventId: (await context.params).id, endpoint: new URL(request.url).searchParams.get("endpoint") ?? undefined }, await readJson(request), principal.audit),
);
