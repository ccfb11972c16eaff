// POST /api/v1/destinations/{id}/resume — resume a paused destination: its backlog is sent in order (operator and up)
import { destinationRefFrom } from "@/server/destinations/destination-query";
import { resumeDestination } from "@/server/destinations/pause-destination";
import { apiHandler } from "@/server/http/api-handler";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const POST = apiHandler<Context>("destinations.resume", async (request, principal, context) =>
  resumeDestination({ destination: destinationRefFrom((await context.params).id, new URL(request.url)) }, principal.audit),
);
