"use server";
// Server actions of /reconciliation: start a missed-event recovery or a drift audit (reconciliations.start: operator and up)
import { defineAction } from "@/server/auth/action";
import { startReconciliation, StartReconciliationSchema } from "@/server/reconcile/start-reconciliation";

/** Starts the run and answers at once with its id (the page then follows it); a missing Stripe key or a run already going on is a conflict. */
export const startReconciliationAction = defineAction("reconciliations.start", StartReconciliationSchema, async (input, { audit }) => {
  const run = await startReconciliation(input, audit);
  return { id: run.id, kind: run.kind, endpoint: run.endpoint, dryRun: run.dryRun };
});
