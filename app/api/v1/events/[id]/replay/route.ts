// POST /api/v1/events/{stripeEventId}/replay — re-run a failed, dead, ignored or held event (operator and up)
import { apiHandler, readJson } from "@/server/http/api-handler";
import { replayEvent } from "@/server/processing/replay-event";

export const dynamic = "force-dynamic";

export const POST = apiHandler<{ params: Promise<{ id: string }> }>("events.replay", async (request, principal, context) =>
  replayEvent({ stripeEventId: (await context.params).id, endpoint: new URL(request.url).searchParams.get("endpoint") ?? undefined }, await readJson(request), principal.audit),
);
