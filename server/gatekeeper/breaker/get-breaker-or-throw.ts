import type { Sql } from "../../db";
import { AppError } from "../../errors";
import type { BreakerState } from "./breaker-states";

export type BreakerRow = {
  id: string;
  endpoint_id: string;
  endpoint_name: string;
  state: BreakerState;
  event_types: string[];
  reason: string;
  shed_until: Date | null;
  release_per_tick: number;
};

/** The breaker, locked for the caller's transaction; 404 when there is none with this id. */
export async function getBreakerOrThrow(sql: Sql, id: string): Promise<BreakerRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError("not_found", `There is no breaker ${id}.`);
  const [row] = await sql.query<BreakerRow>(
    `SELECT b.id, b.endpoint_id, e.name AS endpoint_name, b.state, b.event_types, b.reason, b.shed_until, b.release_per_tick
     FROM circuit_breaker b JOIN endpoint e ON e.id = b.endpoint_id WHERE b.id = $1::uuid FOR UPDATE OF b`,
    [id],
  );
  if (!row) throw new AppError("not_found", `There is no breaker ${id}.`);
  return row;
}
