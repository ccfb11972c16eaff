import type { Sql } from "../db";
import { AppError } from "../errors";

/** A secret_rotation row as the rotation module reads it. */
export type RotationRow = {
  id: string;
  endpoint_id: string;
  endpoint_name: string;
  kind: string;
  status: string;
  old_secret_ids: string[];
  new_secret_id: string | null;
  old_expires_at: Date | null;
  confirm_by: Date | null;
  old_stripe_endpoint_id: string | null;
  new_stripe_endpoint_id: string | null;
  started_by: string | null;
  started_at: Date;
  finished_at: Date | null;
  outcome: string | null;
};

export const ROTATION_COLUMNS = `r.id, r.endpoint_id, e.name AS endpoint_name, r.kind, r.status, r.old_secret_ids, r.new_secret_id, r.old_expires_at, r.confirm_by,
  r.old_stripe_endpoint_id, r.new_stripe_endpoint_id, r.started_by, r.started_at, r.finished_at, r.outcome`;

/** The rotation, locked for the rest of the caller's transaction. */
export async function lockRotationOrThrow(sql: Sql, id: string): Promise<RotationRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError("not_found", "No such rotation.");
  const [row] = await sql.query<RotationRow>(`SELECT ${ROTATION_COLUMNS} FROM secret_rotation r JOIN endpoint e ON e.id = r.endpoint_id WHERE r.id = $1::uuid FOR UPDATE OF r`, [id]);
  if (!row) throw new AppError("not_found", "No such rotation.");
  return row;
}

/** The endpoint row, locked: every change to an endpoint's secrets takes this lock first, so two admins cannot interleave. */
export async function lockEndpointOrThrow(sql: Sql, name: string): Promise<{ id: string; name: string; rotation_quiet_minutes: number; rotation_auto_retire: boolean }> {
  const [endpoint] = await sql.query<{ id: string; name: string; rotation_quiet_minutes: number; rotation_auto_retire: boolean }>(
    `SELECT id, name, rotation_quiet_minutes, rotation_auto_retire FROM endpoint WHERE name = $1 FOR UPDATE`,
    [name],
  );
  if (!endpoint) throw new AppError("endpoint_not_found", `No endpoint named "${name}".`);
  return endpoint;
}

/** The rotation going on for an endpoint, if any. */
export async function openRotationOf(sql: Sql, endpointId: string): Promise<RotationRow | undefined> {
  const [row] = await sql.query<RotationRow>(
    `SELECT ${ROTATION_COLUMNS} FROM secret_rotation r JOIN endpoint e ON e.id = r.endpoint_id WHERE r.endpoint_id = $1::uuid AND r.finished_at IS NULL`,
    [endpointId],
  );
  return row;
}
