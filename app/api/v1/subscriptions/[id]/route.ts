// GET /api/v1/subscriptions/{id} — the subscription mirror (viewer and up)
import { apiHandler } from "@/server/http/api-handler";
import { getSubscriptionOrThrow } from "@/server/subscriptions/get-subscription-or-throw";

export const dynamic = "force-dynamic";

export const GET = apiHandler<{ params: Promise<{ id: string }> }>("subscriptions.get", async (_request, _principal, context) =>
  getSubscriptionOrThrow((await context.params).id),
);
