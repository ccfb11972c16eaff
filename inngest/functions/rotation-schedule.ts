import { runRotationTick } from "../../server/rotation/run-rotation-schedule";
import { inngest } from "../client";

/**
 * The rotation schedule under Inngest: every minute, move the secret rotations going on
 * (expiry, automatic retirement, API-driven confirm or rollback) and check rotation
 * policies and unused secrets. The same tick the embedded schedule runs every 30 s.
 */
export const rotationSchedule = inngest.createFunction(
  { id: "rotation-schedule", triggers: [{ cron: "* * * * *" }], concurrency: [{ limit: 1 }], retries: 0 },
  ({ step }) => step.run("tick", async () => {
    const tick = await runRotationTick();
    return { advanced: tick.advanced.length, due: tick.due, overdue: tick.overdue, unused: tick.unused.length };
  }),
);
