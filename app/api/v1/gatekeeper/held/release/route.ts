// POST /api/v1/gatekeeper/held/release — { eventIds: [ledger id or evt_...], reason }: release chosen held events (operator and up)
import { releaseChosenEvents } from "@/server/gatekeeper/release-chosen-events";
import { apiHandler, readJson } from "@/server/http/api-handler";

export const dynamic = "force-dynamic";

export const POST = apiHandler("gatekeeper.release_held", async (request, principal) => releaseChosenEvents(await readJson(request), principal.audit));
