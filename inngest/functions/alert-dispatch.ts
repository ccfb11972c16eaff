import { dispatchAlerts } from "../../server/alerts/dispatch-alerts";
import { inngest } from "../client";

/**
 * Alert dispatch under Inngest: every minute, fan the outbox's new notifications out to the
 * alert channels and send what is due, within each channel's rate limit, with retries and
 * backoff. The same tick the embedded dispatcher runs every 15 s. One run at a time.
 */
export const alertDispatch = inngest.createFunction(
  { id: "alert-dispatch", triggers: [{ cron: "* * * * *" }], concurrency: [{ limit: 1 }], retries: 0 },
  ({ step }) =>
    step.run("dispatch", async () => {
      const result = await dispatchAlerts();
      return {
        fannedOut: result.fannedOut,
        messages: result.rounds.reduce((sum, round) => sum + round.messages, 0),
        failedMessages: result.rounds.reduce((sum, round) => sum + round.failedMessages, 0),
      };
    }),
);
