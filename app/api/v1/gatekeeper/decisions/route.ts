// GET /api/v1/gatekeeper/decisions?kind=&endpoint=&subject=&from=&to=&cursor=&limit= — decisions with their explanations, newest first (viewer and up)
import { listDecisions } from "@/server/gatekeeper/views/list-decisions";
import { apiHandler } from "@/server/http/api-handler";

export const dynamic = "force-dynamic";

export const GET = apiHandler("gatekeeper.view", (request) => listDecisions(Object.fromEntries(new URL(request.url).searchParams)));
