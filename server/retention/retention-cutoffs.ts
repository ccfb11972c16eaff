import { env } from "../env";

const DAY_MS = 86_400_000;

/** The instants before which raw payloads and settled records are removed, from the configured ages (first receipt is what counts). */
export function retentionCutoffs(now = new Date()): { rawPayloads: Date; records: Date; rawDays: number; recordDays: number } {
  const rawDays = env().HOOKWARDEN_RAW_PAYLOAD_RETENTION_DAYS;
  const recordDays = env().HOOKWARDEN_RECORD_RETENTION_DAYS;
  return { rawPayloads: new Date(now.getTime() - rawDays * DAY_MS), records: new Date(now.getTime() - recordDays * DAY_MS), rawDays, recordDays };
}
