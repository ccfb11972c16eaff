import { z } from "zod";
import { pool } from "../../db";
import { EndpointNameSchema } from "../../endpoints/endpoint-name";
import { invalidInput } from "../../errors";
import { actorLabels } from "./actor-labels";
import { halfOpenedBy } from "./half-opened-by";
import { BREAKER_COLUMNS, toBreakerView, type BreakerRowForView, type BreakerView } from "./breaker-view";

export const BreakerListSchema = z.object({
  endpoint: EndpointNameSchema.optional(),
  /** How many closed breakers that hold nothing to list after the others, newest first. */
  history: z.coerce.number({ error: "history must be a number" }).int("history must be a whole number").min(0, "history is at least 0").max(100, "history is at most 100").default(20),
});
export type BreakerListQuery = z.input<typeof BreakerListSchema>;

export type BreakerList = {
  /** Open and half-open breakers, and closed ones that still hold events: what needs a person. Newest first. */
  active: BreakerView[];
  /** Closed breakers that hold nothing, newest first. */
  history: BreakerView[];
};

/**
 * Every endpoint's breakers: those that need attention first (not closed, or still holding
 * events), then recent history. Held counts come from one pass over the held events (status
 * index); a closed breaker keeps what it held until someone releases it, so it stays listed.
 */
export async function listBreakers(input: BreakerListQuery = {}, now = new Date()): Promise<BreakerList> {
  const parsed = BreakerListSchema.safeParse(input ?? {});
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { endpoint, history } = parsed.data;
  const heldRows = await pool().query<{ breaker_id: string; held: number }>(
    `SELECT substr(held_ref, 9) AS breaker_id, count(*)::int AS held FROM stripe_event
     WHERE status = 'held' AND held_ref LIKE 'breaker:%' GROUP BY held_ref`,
  );
  const held = new Map(heldRows.rows.map((row) => [row.breaker_id, row.held]));
  const rows = await pool().query<Omit<BreakerRowForView, "held" | "half_open_by"> & { recent: boolean }>(
    `(SELECT ${BREAKER_COLUMNS}, false AS recent FROM circuit_breaker b JOIN endpoint e ON e.id = b.endpoint_id
      WHERE (b.state <> 'closed' OR b.id = ANY($1::uuid[])) AND ($2::text IS NULL OR e.name = $2))
     UNION ALL
     (SELECT ${BREAKER_COLUMNS}, true AS recent FROM circuit_breaker b JOIN endpoint e ON e.id = b.endpoint_id
      WHERE b.state = 'closed' AND NOT b.id = ANY($1::uuid[]) AND ($2::text IS NULL OR e.name = $2)
      ORDER BY b.closed_at DESC NULLS LAST, b.opened_at DESC LIMIT $3)`,
    [[...held.keys()].filter((id) => /^[0-9a-f-]{36}$/.test(id)), endpoint ?? null, history],
  );
  const halfOpen = await halfOpenedBy(rows.rows.filter((row) => row.half_open_at).map((row) => row.id));
  const labels = await actorLabels([...rows.rows.flatMap((row) => [row.opened_by, row.closed_by, row.reason]), ...halfOpen.values()]);
  const views = rows.rows.map((row) => ({ recent: row.recent, view: toBreakerView({ ...row, held: held.get(row.id) ?? 0, half_open_by: halfOpen.get(row.id) ?? null }, labels, now) }));
  const byOpened = (a: BreakerView, b: BreakerView) => b.openedAt.localeCompare(a.openedAt);
  return {
    active: views.filter((entry) => !entry.recent).map((entry) => entry.view).sort((a, b) => Number(a.state === "closed") - Number(b.state === "closed") || byOpened(a, b)),
    history: views.filter((entry) => entry.recent).map((entry) => entry.view),
  };
}
