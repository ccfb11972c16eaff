// GET /api/v1/reviews/{id} — one fraud review: score, reasons, the payment sequence as a timeline, the events it held (viewer and up)
import { apiHandler } from "@/server/http/api-handler";
import { getReviewOrThrow } from "@/server/gatekeeper/fraud/get-review-or-throw";

export const dynamic = "force-dynamic";

export const GET = apiHandler<{ params: Promise<{ id: string }> }>("reviews.get", async (_request, _principal, context) => getReviewOrThrow((await context.params).id));
