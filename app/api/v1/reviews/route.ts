// GET /api/v1/reviews — fraud review items of one status (?status=open|confirmed|dismissed, ?limit, ?cursor), newest first (viewer and up)
import { apiHandler } from "@/server/http/api-handler";
import { listReviews } from "@/server/gatekeeper/fraud/list-reviews";

export const dynamic = "force-dynamic";

export const GET = apiHandler("reviews.list", async (request) => listReviews(Object.fromEntries(new URL(request.url).searchParams)));
