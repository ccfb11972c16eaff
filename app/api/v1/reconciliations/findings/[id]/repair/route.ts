// POST /api/v1/reconciliations/findings/{id}/repair — repair one open finding through the effect path (operator and up)
import { apiHandler } from "@/server/http/api-handler";
import { repairOpenFinding } from "@/server/reconcile/repair-open-finding";

export const dynamic = "force-dynamic";

export const POST = apiHandler<{ params: Promise<{ id: string }> }>("reconciliations.repair", async (_request, principal, context) =>
  repairOpenFinding((await context.params).id, principal.audit),
);
