import { poolSql, type Sql } from "../db";
import { AppError } from "../errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type DestinationRow = {
  id: string;
  endpoint_id: string;
  endpoint_name: string;
  name: string;
  url: string;
  event_types: string[];
  forward_released: boolean;
  allow_internal: boolean;
  state: string;
  paused_at: Date | null;
  paused_reason: string | null;
  secret_fingerprint: string;
  previous_secret_fingerprint: string | null;
  previous_secret_expires_at: Date | null;
  failing_since: Date | null;
  consecutive_failures: number;
  last_success_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

export const DESTINATION_COLUMNS = `d.id, d.endpoint_id, ep.name AS endpoint_name, d.name, d.url, d.event_types, d.forward_released, d.allow_internal, d.state,
  d.paused_at, d.paused_reason, d.secret_fingerprint, d.previous_secret_fingerprint, d.previous_secret_expires_at, d.failing_since,
  d.consecutive_failures, d.last_success_at, d.created_at, d.updated_at`;

/** The destination `ref` names (its id, `endpoint/name`, or a name only one endpoint uses); a 404 AppError otherwise. `lock` takes its row lock (in a transaction). */
export async function findDestinationOrThrow(ref: string, sql: Sql = poolSql(), lock = false): Promise<DestinationRow> {
  const slash = ref.indexOf("/");
  const [where, values] = UUID.test(ref)
    ? ["d.id = $1::uuid", [ref.toLowerCase()]]
    : slash > 0
      ? ["ep.name = $1 AND d.name = $2", [ref.slice(0, slash), ref.slice(slash + 1)]]
      : ["d.name = $1", [ref]];
  const rows = await sql.query<DestinationRow>(`SELECT ${DESTINATION_COLUMNS} FROM destination d JOIN endpoint ep ON ep.id = d.endpoint_id WHERE ${where} ORDER BY ep.name${lock ? " FOR UPDATE OF d" : ""}`, values);
  if (rows.length === 0) throw new AppError("not_found", `No destination "${ref.slice(0, 130)}": name it by its id or as endpoint/name.`);
  if (rows.length > 1) throw new AppError("conflict", `More than one endpoint has a destination named "${ref}": name it as endpoint/name (${rows.map((row) => `${row.endpoint_name}/${row.name}`).join(", ")}).`);
  return rows[0]!;
}
