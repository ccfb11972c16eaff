import { pool } from "../../db";
import { actorLabels } from "./actor-labels";

/** How far back ended and lifted blocks are listed. */
export const RECENT_BLOCKS_DAYS = 7;
const MAX_RECENT = 50;

export type SourceBlockView = {
  id: string;
  address: string;
  /** `blocked` (answered 429 now), `lifted` (an admin ended it early) or `ended` (it ran its course). */
  state: "blocked" | "lifted" | "ended";
  blockedAt: string;
  until: string;
  failures: number;
  reason: string;
  liftedAt: string | null;
  liftedBy: string | null;
};

export type SourceBlocks = { current: SourceBlockView[]; recent: SourceBlockView[] };

type Row = { id: string; address: string; blocked_at: Date; until: Date; failures: number; reason: string; lifted_at: Date | null; lifted_by: string | null };

/** The flood limiter's blocks: those in force now (soonest to end first), and those of the last week that ended or were lifted. */
export async function listSourceBlocks(now = new Date()): Promise<SourceBlocks> {
  const [current, recent] = await Promise.all([
    pool().query<Row>(
      `SELECT id::text AS id, address, blocked_at, until, failures, reason, lifted_at, lifted_by FROM source_block
       WHERE until > $1 AND lifted_at IS NULL ORDER BY until, id`,
      [now],
    ),
    pool().query<Row>(
      `SELECT id::text AS id, address, blocked_at, until, failures, reason, lifted_at, lifted_by FROM source_block
       WHERE until > $2 AND (until <= $1 OR lifted_at IS NOT NULL) ORDER BY blocked_at DESC, id DESC LIMIT ${MAX_RECENT}`,
      [now, new Date(now.getTime() - RECENT_BLOCKS_DAYS * 86_400_000)],
    ),
  ]);
  const labels = await actorLabels(recent.rows.map((row) => row.lifted_by));
  const view = (row: Row): SourceBlockView => ({
    id: row.id,
    address: row.address,
    state: row.lifted_at ? "lifted" : row.until > now ? "blocked" : "ended",
    blockedAt: row.blocked_at.toISOString(),
    until: row.until.toISOString(),
    failures: row.failures,
    reason: row.reason,
    liftedAt: row.lifted_at?.toISOString() ?? null,
    liftedBy: labels.of(row.lifted_by),
  });
  return { current: current.rows.map(view), recent: recent.rows.map(view) };
}
