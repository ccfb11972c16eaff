import { prisma } from "../db";
import { countPurgeable, type Purgeable } from "./count-purgeable";
import { retentionCutoffs } from "./retention-cutoffs";
import { env } from "../env";

export const RECENT_PURGES = 10;

/** The retention settings, what a purge would remove now, and the latest purge runs with their counts. */
export async function retentionStatus(now = new Date()) {
  const cutoffs = retentionCutoffs(now);
  const [purgeable, purges]: [Purgeable, Awaited<ReturnType<typeof latestPurges>>] = await Promise.all([countPurgeable(now), latestPurges()]);
  return {
    settings: { rawPayloadDays: cutoffs.rawDays, recordDays: cutoffs.recordDays, intervalMinutes: env().HOOKWARDEN_RETENTION_INTERVAL_MINUTES },
    purgeable,
    purges,
  };
}

function latestPurges() {
  return prisma().retentionPurge.findMany({ orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: RECENT_PURGES });
}
