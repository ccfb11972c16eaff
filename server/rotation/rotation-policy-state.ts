import { pool } from "../db";

export type RotationPolicyState = {
  endpoint: string;
  intervalDays: number;
  /** When the newest secret that verifies now was added: the last rotation. */
  lastRotatedAt: Date | null;
  dueAt: Date | null;
  state: "ok" | "due" | "overdue";
};

/**
 * Every endpoint with a rotation policy and where it stands: `due` within the reminder
 * window before its date, `overdue` past it. One statement: the overview's flag and the
 * schedule's alerts read the same answer.
 */
export async function rotationPolicyStates(now: Date, reminderDays: number): Promise<RotationPolicyState[]> {
  const rows = await pool().query<{ name: string; interval_days: number; last_rotated_at: Date | null }>(
    `SELECT e.name, e.rotation_interval_days AS interval_days,
            (SELECT max(s.created_at) FROM signing_secret s WHERE s.endpoint_id = e.id AND s.status = 'active' AND (s.expires_at IS NULL OR s.expires_at > $1)) AS last_rotated_at
       FROM endpoint e WHERE e.rotation_interval_days IS NOT NULL ORDER BY e.name`,
    [now],
  );
  return rows.rows.map((row) => {
    const dueAt = row.last_rotated_at && new Date(row.last_rotated_at.getTime() + row.interval_days * 86_400_000);
    const state = !dueAt || dueAt <= now ? "overdue" : dueAt.getTime() - reminderDays * 86_400_000 <= now.getTime() ? "due" : "ok";
    return { endpoint: row.name, intervalDays: row.interval_days, lastRotatedAt: row.last_rotated_at, dueAt, state };
  });
}
