// GET /api/v1/customers/{id}/entitlements — what a customer may use now (viewer and up)
import { apiHandler } from "@/server/http/api-handler";
import { customerEntitlements } from "@/server/subscriptions/customer-entitlements";

export const dynamic = "force-dynamic";

export const GET = apiHandler<{ params: Promise<{ id: string }> }>("customers.entitlements", async (_request, _principal, context) =>
  customerEntitlements((await context.params).id),
);
