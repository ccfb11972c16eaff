import { pool } from "../db";

export type SecretTraffic = { secretId: string; fingerprint: string; role: "old" | "new"; deliveries: number; firstDeliveries: number; duplicates: number; lastAt: Date | null };
export type RotationTraffic = {
  since: Date;
  until: Date | null;
  deliveries: number;
  bySecret: SecretTraffic[];
  /** Events delivered signed by the new secret and by an old one: what running two Stripe endpoints costs, absorbed by the ledger's dedup. */
  eventsDeliveredTwice: number;
  /** Deliveries recorded as duplicates in the window: each one a second copy that changed nothing. */
  duplicatesAbsorbed: number;
  /** The last delivery verified by an old secret, and by the new one. */
  lastOldAt: Date | null;
  lastNewAt: Date | null;
};

/**
 * Which secret verified the deliveries since a rotation began: the share the console
 * shows live. Intake tries the newest secret first, so a delivery verified by an old
 * secret carried no signature from the new one. Reads the delivery table by its time
 * index, bounded to the rotation's window and endpoint.
 */
export async function rotationTraffic(rotation: { endpointId: string; startedAt: Date; finishedAt: Date | null; oldSecretIds: string[]; newSecretId: string | null }): Promise<RotationTraffic> {
  const ids = [...rotation.oldSecretIds, ...(rotation.newSecretId ? [rotation.newSecretId] : [])];
  const window = [rotation.endpointId, rotation.startedAt, rotation.finishedAt ?? new Date("9999-01-01T00:00:00Z")];
  const [counts, twice, secrets] = await Promise.all([
    pool().query<{ secret_id: string; deliveries: number; first: number; duplicates: number; last_at: Date | null }>(
      `SELECT matched_secret_id AS secret_id, count(*)::int AS deliveries, count(*) FILTER (WHERE verdict = 'accepted')::int AS first,
              count(*) FILTER (WHERE verdict = 'duplicate')::int AS duplicates, max(received_at) AS last_at
         FROM delivery WHERE endpoint_id = $1::uuid AND received_at >= $2 AND received_at < $3 GROUP BY matched_secret_id`,
      window,
    ),
    rotation.newSecretId
      ? pool().query<{ count: number }>(
          `SELECT count(*)::int AS count FROM (
             SELECT event_id FROM delivery WHERE endpoint_id = $1::uuid AND received_at >= $2 AND received_at < $3
             GROUP BY event_id HAVING bool_or(matched_secret_id = $4::uuid) AND bool_or(matched_secret_id = ANY($5::uuid[]))) twice`,
          [...window, rotation.newSecretId, rotation.oldSecretIds],
        )
      : Promise.resolve({ rows: [{ count: 0 }] }),
    pool().query<{ id: string; fingerprint: string }>(`SELECT id, fingerprint FROM signing_secret WHERE id = ANY($1::uuid[])`, [ids]),
  ]);
  const byId = new Map(counts.rows.map((row) => [row.secret_id, row]));
  const bySecret = secrets.rows
    .map((secret): SecretTraffic => {
      const row = byId.get(secret.id);
      return {
        secretId: secret.id,
        fingerprint: secret.fingerprint,
        role: secret.id === rotation.newSecretId ? "new" : "old",
        deliveries: row?.deliveries ?? 0,
        firstDeliveries: row?.first ?? 0,
        duplicates: row?.duplicates ?? 0,
        lastAt: row?.last_at ?? null,
      };
    })
    .sort((a, b) => (a.role === b.role ? a.fingerprint.localeCompare(b.fingerprint) : a.role === "new" ? -1 : 1));
  const latest = (role: "old" | "new") => bySecret.filter((secret) => secret.role === role).reduce<Date | null>((last, secret) => (secret.lastAt && (!last || secret.lastAt > last) ? secret.lastAt : last), null);
  return {
    since: rotation.startedAt,
    until: rotation.finishedAt,
    deliveries: bySecret.reduce((sum, secret) => sum + secret.deliveries, 0),
    bySecret,
    eventsDeliveredTwice: twice.rows[0]?.count ?? 0,
    duplicatesAbsorbed: bySecret.reduce((sum, secret) => sum + secret.duplicates, 0),
    lastOldAt: latest("old"),
    lastNewAt: latest("new"),
  };
}
