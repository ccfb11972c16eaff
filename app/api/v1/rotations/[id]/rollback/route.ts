// POST /api/v1/rotations/{id}/rollback — undo a rotation going on: { reason } (admin)
import { apiHandler, readJson } from "@/server/http/api-handler";
import { rollbackRotation } from "@/server/rotation/rollback-rotation";

export const dynamic = "force-dynamic";

export const POST = apiHandler<{ params: Promise<{ id: string }> }>("secrets.rollback", async (request, principal, context) => {
  const body = (await readJson(request)) as { reason?: unknown };
  return rollbackRotation({ rotationId: (await context.params).id, reason: typeof body.reason === "string" ? body.reason : "" }, principal.audit);
});
