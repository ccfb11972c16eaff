// POST /api/v1/reviews/{id}/dismiss — dismiss a fraud review with {reason}: legitimate, the events it holds are released (operator and up)
import { apiHandler, readJson } from "@/server/http/api-handler";
import { decideReview } from "@/server/gatekeeper/fraud/decide-review";

export const dynamic = "force-dynamic";

export const POST = apiHandler<{ params: Promise<{ id: string }> }>("reviews.dismiss", async (request, principal, context) =>
  decideReview((await context.params).id, "dismiss", await readJson(request), principal.audit),
);
