// GET /api/v1/gatekeeper/sources — Stripe's addresses, current and recent blocks, each endpoint's policy (viewer and up)
// POST /api/v1/gatekeeper/sources — { address, note? }: add an address to Stripe's list (admin); 201
import { addSourceAddress } from "@/server/gatekeeper/sources/add-source-address";
import { listSources } from "@/server/gatekeeper/views/list-sources";
import { apiHandler, jsonResponse, readJson } from "@/server/http/api-handler";

export const dynamic = "force-dynamic";

export const GET = apiHandler("gatekeeper.view", () => listSources());

export const POST = apiHandler("gatekeeper.edit_sources", async (request, principal) => jsonResponse(201, await addSourceAddress(await readJson(request), principal.audit)));
