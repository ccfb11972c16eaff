// POST /api/v1/destinations/{id}/pause — pause it: { reason }; deliveries wait, none is lost (operator and up)
import { destinationRefFrom } from "@/server/destinations/destination-query";
import { pauseDestination } from "@/server/destinations/pause-destination";
import { apiHandler, readJson } from "@/server/http/api-handler";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const POST = apiHandler<Context>("destinations.pause", async (request, principal, context) => {
  const body = (await readJson(request)) as Record<string, unknown>;
  return pauseDestination({ ...body, destination: destinationRefFrom((await context.params).id, new URL(request.url)) }, principal.audit);
});
