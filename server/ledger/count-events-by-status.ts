import { poolSql, type Sql } from "../db";
import { EVENT_STATUSES, type EventStatus } from "./event-status";

/**
 * Every event in the ledger by status, exact, from `event_status_tally` (kept by a trigger in the
 * transaction of every status change): a read whose size does not grow with the ledger.
 */
export async function countEventsByStatus(sql: Sql = poolSql()): Promise<Record<EventStatus, number>> {
  const rows = await sql.query<{ status: string; events: string }>(`SELECT status, sum(events)::bigint AS events FROM event_status_tally GROUP BY status`);
  const counts = Object.fromEntries(EVENT_STATUSES.map((status) => [status, 0])) as Record<EventStatus, number>;
  for (const row of rows) if (row.status in counts) counts[row.status as EventStatus] = Number(row.events);
  return counts;
}
