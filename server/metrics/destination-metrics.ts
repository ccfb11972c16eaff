/**
 * Metrics of downstream delivery (issue 8: destinations). The delivery code calls these; the
 * `destination` label is the destination's name as operators know it, never its URL (a URL may
 * carry credentials) and never anything a sender chooses.
 */
import { metrics } from "./metrics-registry";
import type { Sql } from "../db";
import { registerScrapeCollector } from "./refresh-database-gauges";

import { ATTEMPT_OUTCOMES } from "../destinations/destination-states";

/** An attempt's outcome, or `dead`: a delivery given up (counted once, beside its last attempt). */
export const DESTINATION_OUTCOMES = [...ATTEMPT_OUTCOMES, "dead"] as const;
export type DestinationOutcome = (typeof DESTINATION_OUTCOMES)[number];

/** Counts one delivery attempt to a destination and how long it took. In memory, per process. */
export function countDestinationAttempt(input: { destination: string; outcome: DestinationOutcome; seconds: number }): void {
  const { destinationAttempts, destinationDuration } = metrics();
  destinationAttempts.inc({ destination: input.destination, outcome: input.outcome });
  destinationDuration.observe({ destination: input.destination }, Math.max(0, input.seconds));
}

/** Sets one destination's backlog: deliveries still waiting for it. */
export function setDestinationBacklog(destination: string, pending: number): void {
  metrics().destinationBacklog.set({ destination }, pending);
}

/** Replaces every destination's backlog at once (a destination missing from `pending` no longer shows). */
export function replaceDestinationBacklog(pending: Record<string, number>): void {
  const { destinationBacklog } = metrics();
  destinationBacklog.reset();
  for (const [destination, count] of Object.entries(pending)) destinationBacklog.set({ destination }, count);
}

/**
 * Reads the backlog from the database at scrape time: `read` runs at most once per cache window of
 * the database gauges, whatever the number of scrapers, and should be one aggregate query, e.g.
 * `SELECT destination, count(*) FROM <deliveries> WHERE status = 'pending' GROUP BY destination`.
 * Registering again replaces the earlier reader.
 */
export function collectDestinationBacklog(read: (sql: Sql) => Promise<Record<string, number>>): void {
  registerScrapeCollector("destination-backlog", async (sql) => replaceDestinationBacklog(await read(sql)));
}
