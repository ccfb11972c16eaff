// POST /api/v1/endpoints/{name}/rotations — rotate through Stripe's API: { stripeEndpointId?: "we_...", confirmWithinMinutes?: 60 } (admin); 202 with the rotation
import { apiHandler, jsonResponse, readJson } from "@/server/http/api-handler";
import { getRotationOrThrow } from "@/server/rotation/get-rotation-or-throw";
import { startStripeRotation } from "@/server/rotation/start-stripe-rotation";

export const dynamic = "force-dynamic";

export const POST = apiHandler<{ params: Promise<{ name: string }> }>("secrets.rotate", async (request, principal, context) => {
  const body = (await readJson(request)) as Record<string, unknown>;
  const { rotationId } = await startStripeRotation({ ...body, endpointName: (await context.params).name } as never, principal.audit);
  return jsonResponse(202, { rotation: await getRotationOrThrow(rotationId), links: { self: `/api/v1/rotations/${rotationId}` } });
});
