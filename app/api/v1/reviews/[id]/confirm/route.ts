// POST /api/v1/reviews/{id}/confirm — confirm a fraud review with {reason}: fraud, the events it holds stay held (operator and up)
import { apiHandler, readJson } from "@/server/http/api-handler";
import { decideReview } from "@/server/gatekeeper/fraud/decide-review";

export const dynamic = "force-dynamic";

export const POST = apiHandler<{ params: Promise<{ id: string }> }>("reviews.confirm", async (request, principal, context) =>
  decideReview((await context.params).id, "confirm", await readJson(request), principal.audit),
);
