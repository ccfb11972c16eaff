// GET  /api/v1/events/{stripeEventId}/reconcile — fetch the event and its object from Stripe and compare (operator and up; changes nothing)
// POST /api/v1/events/{stripeEventId}/reconcile — apply Stripe's copy of the event, with a reason (operator and up)
import { apiHandler, readJson } from "@/server/http/api-handler";
import { compareEventWithStripe, reconcileEvent } from "@/server/reconcile/reconcile-event";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const refOf = async (request: Request, context: Context) => ({
  stripeEventId: (await context.params).id,
  endpoint: new URL(request.url).searchParams.get("endpoint") ?? undefined,
});

export const GET = apiHandler<Context>("events.reconcile", async (request, _principal, context) => compareEventWithStripe(await refOf(request, context)));

export const POST = apiHandler<Context>("events.reconcile", async (request, principal, context) =>
  reconcileEvent(await refOf(request, context), await readJson(request), principal.audit),
);
