import { pool } from "../../db";
import { emptyCounts, type TrafficCounts } from "./traffic-features";

type Row = {
  minute: Date;
  deliveries: number;
  first_deliveries: number;
  retries: number;
  replays: number;
  success_events: number;
  outside_deliveries: number;
  unusual_deliveries: number;
  stale_events: number;
  rejected: number;
  signature_failures: number;
  refused: number;
  throttled: number;
  shed: number;
  payload_bytes: string;
  signature_age_ms: string;
  type_counts: Record<string, number>;
  unusual_type_counts: Record<string, number>;
  replay_type_counts: Record<string, number>;
  sources: string[];
  source_count: number;
};

function countsOf(row: Row): TrafficCounts {
  return {
    deliveries: row.deliveries,
    firstDeliveries: row.first_deliveries,
    retries: row.retries,
    replays: row.replays,
    successEvents: row.success_events,
    outsideDeliveries: row.outside_deliveries,
    unusualDeliveries: row.unusual_deliveries,
    staleEvents: row.stale_events,
    rejected: row.rejected,
    signatureFailures: row.signature_failures,
    refused: row.refused,
    throttled: row.throttled,
    shed: row.shed,
    payloadBytes: Number(row.payload_bytes),
    signatureAgeMs: Number(row.signature_age_ms),
    typeCounts: row.type_counts,
    unusualTypeCounts: row.unusual_type_counts,
    replayTypeCounts: row.replay_type_counts,
    sources: row.sources,
    sourceCount: row.source_count,
  };
}

/** The endpoint's traffic per minute in [from, to), by minute (ms); minutes without traffic are absent. */
export async function loadTrafficMinutes(endpointId: string, from: number, to: number): Promise<Map<number, TrafficCounts>> {
  const rows = await pool().query<Row>(`SELECT * FROM traffic_minute WHERE endpoint_id = $1::uuid AND minute >= $2 AND minute < $3 ORDER BY minute`, [endpointId, new Date(from), new Date(to)]);
  return new Map(rows.rows.map((row) => [row.minute.getTime(), countsOf(row)]));
}

/** Every minute in [from, to) with its counts, zero where nothing came (a quiet minute is a fact too). */
export function everyMinute(minutes: Map<number, TrafficCounts>, from: number, to: number): { minute: number; counts: TrafficCounts }[] {
  const out: { minute: number; counts: TrafficCounts }[] = [];
  for (let minute = from; minute < to; minute += 60_000) out.push({ minute, counts: minutes.get(minute) ?? emptyCounts() });
  return out;
}

/** Endpoints with traffic since `since`, or a breaker that is not closed. */
export async function endpointsToEvaluate(since: Date): Promise<{ id: string; name: string }[]> {
  const rows = await pool().query<{ id: string; name: string }>(
    `SELECT e.id, e.name FROM endpoint e
     WHERE EXISTS (SELECT 1 FROM traffic_minute t WHERE t.endpoint_id = e.id AND t.minute >= $1)
        OR EXISTS (SELECT 1 FROM circuit_breaker b WHERE b.endpoint_id = e.id AND b.state <> 'closed')
     ORDER BY e.name`,
    [since],
  );
  return rows.rows;
}
