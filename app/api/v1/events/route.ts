// GET /api/v1/events — list ledger events (viewer and up), keyset-paginated
import { apiHandler } from "@/server/http/api-handler";
import { listEvents } from "@/server/ledger/list-events";

export const dynamic = "force-dynamic";

export const GET = apiHandler("events.list", (request) => listEvents(Object.fromEntries(new URL(request.url).searchParams)));
