// GET /api/v1/gatekeeper/breakers/{id}?cursor=&limit= — one breaker, the events it holds (a page) and its decisions (viewer and up)
import { getBreakerViewOrThrow } from "@/server/gatekeeper/views/get-breaker-view-or-throw";
import { apiHandler } from "@/server/http/api-handler";

export const dynamic = "force-dynamic";

export const GET = apiHandler<{ params: Promise<{ id: string }> }>("gatekeeper.view", async (request, _principal, context) =>
  getBreakerViewOrThrow((await context.params).id, Object.fromEntries(new URL(request.url).searchParams)),
);
