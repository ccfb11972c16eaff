import { dispatchDestinations } from "../../server/destinations/dispatch-destinations";
import { inngest } from "../client";

/**
 * Destination delivery under Inngest: every minute, send what is due to the destinations (the
 * business's app), with retries and backoff, each customer's events in order. Every web instance
 * also does this each second (server/destinations/start-destination-dispatch.ts); deliveries are
 * leased, so the two never send one delivery at once. One run at a time.
 */
export const destinationDispatch = inngest.createFunction(
  { id: "destination-dispatch", triggers: [{ cron: "* * * * *" }], concurrency: [{ limit: 1 }], retries: 0 },
  ({ step }) => step.run("dispatch", () => dispatchDestinations({ budgetMs: 50_000 })),
);
