// GET /api/v1/destinations[?endpoint=name] — every destination with its backlog (pending, failing, dead, delivered in a day) (operator and up)
// POST /api/v1/destinations — add one: { endpoint?, name, url, eventTypes: [...], forwardReleased?, allowInternal? } (admin); 201, its signing secret once
import { createDestination } from "@/server/destinations/create-destination";
import { listDestinations } from "@/server/destinations/list-destinations";
import { apiHandler, jsonResponse, readJson } from "@/server/http/api-handler";

export const dynamic = "force-dynamic";

export const GET = apiHandler("destinations.list", async (request) => ({ data: await listDestinations({ endpoint: new URL(request.url).searchParams.get("endpoint") ?? undefined }) }));

export const POST = apiHandler("destinations.create", async (request, principal) => jsonResponse(201, await createDestination(await readJson(request), principal.audit)));
