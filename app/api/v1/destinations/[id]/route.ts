// GET /api/v1/destinations/{id}[?endpoint=name&status=pending|delivered|dead&before=<delivery id>] — one destination (id or name) with its
//   deliveries, newest first, 50 at a time, each with its latest attempts (operator and up)
// PATCH /api/v1/destinations/{id} — change any of { url, eventTypes, forwardReleased, allowInternal } (admin)
// DELETE /api/v1/destinations/{id} — delete it and its deliveries: { reason } (admin)
import { deleteDestination } from "@/server/destinations/delete-destination";
import { deliveryStatusFilter, destinationRefFrom } from "@/server/destinations/destination-query";
import { getDestination } from "@/server/destinations/list-destinations";
import { updateDestination } from "@/server/destinations/update-destination";
import { apiHandler, readJson } from "@/server/http/api-handler";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = apiHandler<Context>("destinations.list", async (request, _principal, context) => {
  const url = new URL(request.url);
  return getDestination(destinationRefFrom((await context.params).id, url), { status: deliveryStatusFilter(url.searchParams.get("status")), before: url.searchParams.get("before") ?? undefined });
});

export const PATCH = apiHandler<Context>("destinations.update", async (request, principal, context) => {
  const body = (await readJson(request)) as Record<string, unknown>;
  return updateDestination({ ...body, destination: destinationRefFrom((await context.params).id, new URL(request.url)) }, principal.audit);
});

export const DELETE = apiHandler<Context>("destinations.delete", async (request, principal, context) => {
  const body = (await readJson(request)) as Record<string, unknown>;
  return deleteDestination({ ...body, destination: destinationRefFrom((await context.params).id, new URL(request.url)) }, principal.audit);
});
