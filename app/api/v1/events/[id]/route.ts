// GET /api/v1/events/{stripeEventId} — one event with its deliveries (viewer and up)
import { apiHandler } from "@/server/http/api-handler";
import { getEventOrThrow } from "@/server/ledger/get-event-or-throw";

export const dynamic = "force-dynamic";

export const GET = apiHandler<{ params: Promise<{ id: string }> }>("events.get", async (request, _principal, context) => {
  const { id } = await context.params;
  return getEventOrThrow(id, new URL(request.url).searchParams.get("endpoint") ?? undefined);
});
