import { pool } from "../db";
import { secretState, type SecretState } from "../endpoints/secret-status";
import { env } from "../env";
import { AppError } from "../errors";
import { fingerprintsOf, rotationView, type RotationView } from "./get-rotation-or-throw";
import { ROTATION_COLUMNS, type RotationRow } from "./rotation-row";
import { rotationPolicyStates, type RotationPolicyState } from "./rotation-policy-state";

export type SecretSummary = {
  fingerprint: string;
  status: string;
  state: SecretState;
  source: string;
  /** Where its value lives: null for the database (stored encrypted), else its reference (`vault:...`, `aws:...`, `env:...`). */
  reference: string | null;
  label: string | null;
  expiresAt: string | null;
  lastMatchedAt: string | null;
  retiredAt: string | null;
  createdAt: string;
};

/**
 * An endpoint's secrets (fingerprints and metadata, never a value), its rotation policy
 * and where it stands, and its latest rotations: what the admin's secrets view, the
 * REST API and `hookwarden secret list` show.
 */
export async function listEndpointSecrets(endpointName: string, now = new Date()) {
  const endpoint = (
    await pool().query<{ id: string; rotation_interval_days: number | null; rotation_quiet_minutes: number; rotation_auto_retire: boolean; stripe_webhook_endpoint_id: string | null }>(
      `SELECT id, rotation_interval_days, rotation_quiet_minutes, rotation_auto_retire, stripe_webhook_endpoint_id FROM endpoint WHERE name = $1`,
      [endpointName],
    )
  ).rows[0];
  if (!endpoint) throw new AppError("endpoint_not_found", `No endpoint named "${endpointName}".`);
  const [secrets, rotations, policies] = await Promise.all([
    pool().query<{ fingerprint: string; status: string; source: string; reference: string | null; label: string | null; expires_at: Date | null; last_matched_at: Date | null; retired_at: Date | null; created_at: Date }>(
      `SELECT fingerprint, status, source, reference, label, expires_at, last_matched_at, retired_at, created_at FROM signing_secret WHERE endpoint_id = $1::uuid ORDER BY created_at DESC`,
      [endpoint.id],
    ),
    pool().query<RotationRow>(`SELECT ${ROTATION_COLUMNS} FROM secret_rotation r JOIN endpoint e ON e.id = r.endpoint_id WHERE r.endpoint_id = $1::uuid ORDER BY r.started_at DESC LIMIT 10`, [endpoint.id]),
    rotationPolicyStates(now, env().HOOKWARDEN_ROTATION_REMINDER_DAYS),
  ]);
  const fingerprints = await fingerprintsOf(rotations.rows);
  const policy: RotationPolicyState | undefined = policies.find((state) => state.endpoint === endpointName);
  return {
    endpoint: endpointName,
    stripeWebhookEndpointId: endpoint.stripe_webhook_endpoint_id,
    secrets: secrets.rows.map(
      (row): SecretSummary => ({
        fingerprint: row.fingerprint,
        status: row.status,
        state: secretState({ status: row.status, expiresAt: row.expires_at }, now),
        source: row.source,
        reference: row.reference,
        label: row.label,
        expiresAt: row.expires_at?.toISOString() ?? null,
        lastMatchedAt: row.last_matched_at?.toISOString() ?? null,
        retiredAt: row.retired_at?.toISOString() ?? null,
        createdAt: row.created_at.toISOString(),
      }),
    ),
    policy: {
      intervalDays: endpoint.rotation_interval_days,
      quietMinutes: endpoint.rotation_quiet_minutes,
      autoRetire: endpoint.rotation_auto_retire,
      dueAt: policy?.dueAt?.toISOString() ?? null,
      state: policy?.state ?? null,
    },
    rotations: rotations.rows.map((row): RotationView => rotationView(row, fingerprints)),
  };
}
