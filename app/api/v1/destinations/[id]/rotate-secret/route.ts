// POST /api/v1/destinations/{id}/rotate-secret — a new signing secret, shown once; the previous one signs too for the grace period (admin)
import { destinationRefFrom } from "@/server/destinations/destination-query";
import { rotateDestinationSecret } from "@/server/destinations/rotate-destination-secret";
import { apiHandler } from "@/server/http/api-handler";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const POST = apiHandler<Context>("destinations.rotate_secret", async (request, principal, context) =>
  rotateDestinationSecret({ destination: destinationRefFrom((await context.params).id, new URL(request.url)) }, principal.audit),
);
