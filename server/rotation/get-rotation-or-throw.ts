import { pool } from "../db";
import { AppError } from "../errors";
import { ROTATION_COLUMNS, type RotationRow } from "./rotation-row";
import { ROTATION_STATUSES, type RotationKind, type RotationStatus } from "./rotation-status";
import { rotationTraffic, type RotationTraffic } from "./rotation-traffic";

export type RotationView = {
  id: string;
  endpoint: string;
  kind: RotationKind;
  status: RotationStatus;
  statusMeaning: string;
  newSecret: string | null;
  oldSecrets: string[];
  oldExpiresAt: string | null;
  confirmBy: string | null;
  oldStripeEndpointId: string | null;
  newStripeEndpointId: string | null;
  startedBy: string | null;
  startedAt: string;
  finishedAt: string | null;
  outcome: string | null;
};

export function rotationView(row: RotationRow, fingerprints: Map<string, string>): RotationView {
  return {
    id: row.id,
    endpoint: row.endpoint_name,
    kind: row.kind as RotationKind,
    status: row.status as RotationStatus,
    statusMeaning: ROTATION_STATUSES[row.status as RotationStatus] ?? row.status,
    newSecret: row.new_secret_id ? (fingerprints.get(row.new_secret_id) ?? null) : null,
    oldSecrets: row.old_secret_ids.map((id) => fingerprints.get(id) ?? id),
    oldExpiresAt: row.old_expires_at?.toISOString() ?? null,
    confirmBy: row.confirm_by?.toISOString() ?? null,
    oldStripeEndpointId: row.old_stripe_endpoint_id,
    newStripeEndpointId: row.new_stripe_endpoint_id,
    startedBy: row.started_by,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    outcome: row.outcome,
  };
}

/** Fingerprints of the secrets these rotations name (the only way a secret is ever shown). */
export async function fingerprintsOf(rows: RotationRow[]): Promise<Map<string, string>> {
  const ids = rows.flatMap((row) => [...row.old_secret_ids, ...(row.new_secret_id ? [row.new_secret_id] : [])]);
  const found = await pool().query<{ id: string; fingerprint: string }>(`SELECT id, fingerprint FROM signing_secret WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(found.rows.map((row) => [row.id, row.fingerprint]));
}

/** One rotation with its traffic: which secret verified the deliveries since it began (the live share). */
export async function getRotationOrThrow(id: string): Promise<RotationView & { traffic: RotationTraffic }> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new AppError("not_found", "No such rotation.");
  const rows = await pool().query<RotationRow>(`SELECT ${ROTATION_COLUMNS} FROM secret_rotation r JOIN endpoint e ON e.id = r.endpoint_id WHERE r.id = $1::uuid`, [id]);
  const row = rows.rows[0];
  if (!row) throw new AppError("not_found", "No such rotation.");
  const traffic = await rotationTraffic({ endpointId: row.endpoint_id, startedAt: row.started_at, finishedAt: row.finished_at, oldSecretIds: row.old_secret_ids, newSecretId: row.new_secret_id });
  return { ...rotationView(row, await fingerprintsOf([row])), traffic };
}
