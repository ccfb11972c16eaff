// POST /api/v1/events/{stripeEventId}/raw — break-glass: the raw, unmasked payload, with { reason } (admin; every view audited)
import { apiHandler, readJson } from "@/server/http/api-handler";
import { readRawPayload } from "@/server/masking/read-raw-payload";

export const dynamic = "force-dynamic";

// POST, not GET: the reason travels in the body, never in a URL that proxies and access logs keep.
export const POST = apiHandler<{ params: Promise<{ id: string }> }>("events.view_raw", async (request, principal, context) =>
  readRawPayload({ stripeEventId: (await context.params).id, endpoint: new URL(request.url).searchParams.get("endpoint") ?? undefined }, await readJson(request), principal.audit),
);
