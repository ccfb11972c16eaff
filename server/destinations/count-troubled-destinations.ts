import { pool } from "../db";

/**
 * Destinations that need someone, for the console's navigation: paused ones, and those with a dead
 * delivery. Dead deliveries are few and found through the (status, next_attempt_at) index, so this
 * stays one cheap probe however many deliveries were delivered.
 */
export async function countTroubledDestinations(): Promise<number> {
  const rows = await pool().query<{ count: number }>(
    `SELECT count(*)::int AS count FROM destination d
      WHERE d.state = 'paused' OR d.id IN (SELECT x.destination_id FROM destination_delivery x WHERE x.status = 'dead')`,
  );
  return rows.rows[0]!.count;
}
