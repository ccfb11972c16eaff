import { pool } from "../../db";
import { asSourcePolicy, type SourcePolicy } from "../sources/source-policies";

export type SourcePolicyView = {
  endpoint: string;
  policy: SourcePolicy;
  /** Verified deliveries from outside Stripe's addresses in the last 24 h: what `enforce` would have refused. */
  outsideDeliveries24h: number;
  /** Requests refused by `enforce` in the last 24 h. */
  refused24h: number;
};

/** Each endpoint's source-address policy, with what its traffic of the last day says about it. */
export async function listSourcePolicies(now = new Date()): Promise<SourcePolicyView[]> {
  const rows = await pool().query<{ name: string; source_policy: string; outside: number; refused: number }>(
    `SELECT e.name, e.source_policy, COALESCE(t.outside, 0)::int AS outside, COALESCE(t.refused, 0)::int AS refused
     FROM endpoint e
     LEFT JOIN LATERAL (
       SELECT sum(outside_deliveries) AS outside, sum(refused) AS refused FROM traffic_minute WHERE endpoint_id = e.id AND minute > $1
     ) t ON true
     ORDER BY e.name = 'default' DESC, e.name`,
    [new Date(now.getTime() - 86_400_000)],
  );
  return rows.rows.map((row) => ({ endpoint: row.name, policy: asSourcePolicy(row.source_policy), outsideDeliveries24h: row.outside, refused24h: row.refused }));
}
