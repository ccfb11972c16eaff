// GET /api/v1/reconciliations/{id} — one run: status, progress, findings (viewer and up)
import { apiHandler } from "@/server/http/api-handler";
import { getReconciliationOrThrow } from "@/server/reconcile/list-reconciliations";

export const dynamic = "force-dynamic";

export const GET = apiHandler<{ params: Promise<{ id: string }> }>("reconciliations.get", async (_request, _principal, context) =>
  getReconciliationOrThrow((await context.params).id),
);
