import { runScheduledRetention } from "../../server/retention/run-scheduled-retention";
import { inngest } from "../client";

/**
 * The retention schedule under Inngest: every minute, run a purge when the last one is older
 * than HOOKWARDEN_RETENTION_INTERVAL_MINUTES. The same tick the embedded scheduler runs;
 * concurrency 1 so two ticks never overlap.
 */
export const scheduledRetentionPurge = inngest.createFunction(
  { id: "scheduled-retention-purge", triggers: [{ cron: "* * * * *" }], concurrency: [{ limit: 1 }], retries: 0 },
  ({ step }) => step.run("tick", () => runScheduledRetention()),
);
