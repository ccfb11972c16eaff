import { pool } from "../db";
import { env } from "../env";
import { startMinuteSchedule, stopMinuteSchedule } from "../start-minute-schedule";
import { failInterruptedPurges } from "./purge-record";
import { runRetentionPurge } from "./run-retention-purge";

/**
 * The retention schedule, one tick: marks interrupted purges, then runs a purge when the last
 * one started more than HOOKWARDEN_RETENTION_INTERVAL_MINUTES ago (0 turns it off). Called
 * every minute by the embedded scheduler, or by the Inngest cron function.
 */
export async function runScheduledRetention(now = new Date()): Promise<{ ran: boolean }> {
  await failInterruptedPurges(now);
  const minutes = env().HOOKWARDEN_RETENTION_INTERVAL_MINUTES;
  if (minutes === 0) return { ran: false };
  const { rows } = await pool().query<{ started_at: Date }>(`SELECT started_at FROM retention_purge WHERE requested_by = 'schedule' ORDER BY started_at DESC LIMIT 1`);
  const last = rows[0]?.started_at;
  if (last && now.getTime() - last.getTime() < minutes * 60_000) return { ran: false };
  await runRetentionPurge({ requestedBy: "schedule", now });
  return { ran: true };
}

/** The embedded scheduler: a tick a minute in this process (Inngest deployments use the cron function instead). */
export function startRetentionSchedule(): void {
  startMinuteSchedule("retention", runScheduledRetention, 15_000);
}

export function stopRetentionSchedule(): Promise<void> {
  return stopMinuteSchedule("retention");
}
