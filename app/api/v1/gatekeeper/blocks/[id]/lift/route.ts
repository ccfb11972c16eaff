// POST /api/v1/gatekeeper/blocks/{id}/lift — { reason }: end a source's block now (admin)
import { liftSourceBlock } from "@/server/gatekeeper/sources/lift-source-block";
import { apiHandler, readJson } from "@/server/http/api-handler";

export const dynamic = "force-dynamic";

export const POST = apiHandler<{ params: Promise<{ id: string }> }>("gatekeeper.lift_block", async (request, principal, context) => {
  const body = (await readJson(request)) as Record<string, unknown> | null;
  return liftSourceBlock({ reason: body?.reason, blockId: (await context.params).id }, principal.audit);
});
