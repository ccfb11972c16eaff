// GET /api/v1/gatekeeper/breakers — every endpoint's breakers, those that need a person first, then history (viewer and up)
// POST /api/v1/gatekeeper/breakers — force an endpoint's breaker open: { endpoint, eventTypes?, reason, shedHours? } (admin); 201
import { forceOpenBreaker } from "@/server/gatekeeper/force-open-breaker";
import { listBreakers } from "@/server/gatekeeper/views/list-breakers";
import { apiHandler, jsonResponse, readJson } from "@/server/http/api-handler";

export const dynamic = "force-dynamic";

export const GET = apiHandler("gatekeeper.view", (request) => listBreakers(Object.fromEntries(new URL(request.url).searchParams)));

export const POST = apiHandler("gatekeeper.force_breaker", async (request, principal) => {
  const breaker = await forceOpenBreaker(await readJson(request), principal.audit);
  return jsonResponse(201, { ...breaker, links: { breaker: `/api/v1/gatekeeper/breakers/${breaker.id}` } });
});
