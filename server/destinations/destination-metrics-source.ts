import type { Sql } from "../db";
import { collectDestinationBacklog, countDestinationAttempt } from "../metrics/destination-metrics";
import type { AttemptOutcome } from "./destination-states";

/** How a destination is named in metrics: `endpoint/name` (names repeat across endpoints), never its URL. */
export function destinationMetricName(endpoint: string, name: string): string {
  return `${endpoint}/${name}`;
}

/** Counts one attempt (and, when the delivery died with it, one `dead`). */
export function countAttempt(destination: string, outcome: AttemptOutcome, latencyMs: number, dead: boolean): void {
  countDestinationAttempt({ destination, outcome, seconds: latencyMs / 1000 });
  if (dead) countDestinationAttempt({ destination, outcome: "dead", seconds: 0 });
}

/** Every destination's pending deliveries, in one aggregate query (the metrics scrape reads it). */
export async function readDestinationBacklog(sql: Sql): Promise<Record<string, number>> {
  const rows = await sql.query<{ endpoint: string; name: string; pending: number }>(
    `SELECT ep.name AS endpoint, d.name, count(x.id)::int AS pending
       FROM destination d JOIN endpoint ep ON ep.id = d.endpoint_id LEFT JOIN destination_delivery x ON x.destination_id = d.id AND x.status = 'pending'
      GROUP BY ep.name, d.name`,
  );
  return Object.fromEntries(rows.map((row) => [destinationMetricName(row.endpoint, row.name), row.pending]));
}

/** Makes every metrics scrape read the destinations' backlog. */
export function registerDestinationMetrics(): void {
  collectDestinationBacklog(readDestinationBacklog);
}
