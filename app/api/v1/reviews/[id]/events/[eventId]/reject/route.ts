// POST /api/v1/reviews/{id}/events/{stripeEventId}/reject — reject one event a confirmed fraud review holds, with {reason} (operator and up)
import { apiHandler, readJson } from "@/server/http/api-handler";
import { decideHeldEvent } from "@/server/gatekeeper/fraud/decide-held-event";

export const dynamic = "force-dynamic";

export const POST = apiHandler<{ params: Promise<{ id: string; eventId: string }> }>("reviews.reject_event", async (request, principal, context) => {
  const { id, eventId } = await context.params;
  const endpoint = new URL(request.url).searchParams.get("endpoint") ?? undefined;
  return decideHeldEvent(id, { stripeEventId: eventId, endpoint }, "reject", await readJson(request), principal.audit);
});
