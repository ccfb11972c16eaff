// GET /api/v1/rotations/{id} — one rotation with its traffic: deliveries verified by each secret since it began, events delivered twice (admin)
import { apiHandler } from "@/server/http/api-handler";
import { getRotationOrThrow } from "@/server/rotation/get-rotation-or-throw";

export const dynamic = "force-dynamic";

export const GET = apiHandler<{ params: Promise<{ id: string }> }>("secrets.list", async (_request, _principal, context) => getRotationOrThrow((await context.params).id));
