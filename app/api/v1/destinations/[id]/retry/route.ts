// POST /api/v1/destinations/{id}/retry — send again: { reason, from?, to?, which?: "dead" | "failing" } (operator and up); { retried }
import { destinationRefFrom } from "@/server/destinations/destination-query";
import { retryDestinationDeliveries } from "@/server/destinations/retry-destination-deliveries";
import { apiHandler, readJson } from "@/server/http/api-handler";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const POST = apiHandler<Context>("destinations.retry", async (request, principal, context) => {
  const body = (await readJson(request)) as Record<string, unknown>;
  return retryDestinationDeliveries({ ...body, destination: destinationRefFrom((await context.params).id, new URL(request.url)) }, principal.audit);
});
