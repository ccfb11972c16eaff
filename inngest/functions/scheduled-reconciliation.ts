import { runScheduledReconciliations } from "../../server/reconcile/run-scheduled-reconciliations";
import { inngest } from "../client";

/**
 * The reconciliation schedule under Inngest: every minute, start what is due (missed-event
 * recovery, drift audit, per their intervals) and check the 30-day horizon. The same tick
 * the embedded scheduler runs; concurrency 1 so two ticks never overlap.
 */
export const scheduledReconciliation = inngest.createFunction(
  { id: "scheduled-reconciliation", triggers: [{ cron: "* * * * *" }], concurrency: [{ limit: 1 }], retries: 0 },
  ({ step }) => step.run("tick", () => runScheduledReconciliations()),
);
