// GET  /api/v1/reconciliations — the latest runs (viewer and up)
// POST /api/v1/reconciliations — start a run: { kind: "missed_events" | "drift_audit", endpoint?, dryRun?, since?, types?, onlyFailedDeliveries? } (operator and up); 202 with the run
import { apiHandler, jsonResponse, readJson } from "@/server/http/api-handler";
import { listReconciliations } from "@/server/reconcile/list-reconciliations";
import { startReconciliation } from "@/server/reconcile/start-reconciliation";

export const dynamic = "force-dynamic";

export const GET = apiHandler("reconciliations.list", async (request) => {
  const limit = Number(new URL(request.url).searchParams.get("limit") ?? 50);
  return { runs: await listReconciliations({ limit: Number.isFinite(limit) ? limit : 50 }) };
});

export const POST = apiHandler("reconciliations.start", async (request, principal) => {
  const run = await startReconciliation(await readJson(request), principal.audit);
  return jsonResponse(202, { run, links: { self: `/api/v1/reconciliations/${run.id}` } });
});
