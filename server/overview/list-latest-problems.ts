import { searchEvents, type EventSearchRow } from "../ledger/search-events";
import { listOpenQuarantine, type OpenQuarantineItem } from "../quarantine/list-open-quarantine";
import type { QuarantineReason } from "../quarantine/quarantine-reasons";

export type LatestProblems = {
  /** The newest dead events (out of attempts, or malformed), newest first. */
  dead: EventSearchRow[];
  /** The newest open quarantine items, with their reason, newest quarantined first. */
  quarantined: (OpenQuarantineItem & { reason: QuarantineReason })[];
};

/**
 * What needs a person now, for the overview. Each list is read from its own index: the
 * status index for dead events, and each open reason's newest items (at most 7 reasons).
 */
export async function listLatestProblems(limit = 5): Promise<LatestProblems> {
  const [dead, open] = await Promise.all([searchEvents({ status: ["dead"], limit }), listOpenQuarantine()]);
  const pages = await Promise.all(
    open.groups.filter((group) => group.count > 0).map(async (group) => ((await listOpenQuarantine({ reason: group.reason, limit })).page?.data ?? []).map((item) => ({ ...item, reason: group.reason }))),
  );
  const quarantined = pages
    .flat()
    .sort((a, b) => b.quarantinedAt.localeCompare(a.quarantinedAt) || b.eventId.localeCompare(a.eventId))
    .slice(0, limit);
  return { dead: dead.data, quarantined };
}
