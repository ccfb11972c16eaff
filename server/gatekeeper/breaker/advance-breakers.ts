import { resolveAlert } from "../../alerts/resolve-alert";
import { withTransaction } from "../../db";
import { pool } from "../../db";
import { wakeEmbeddedRunner } from "../../queue/embedded-runner";
import { recordDecision } from "../decisions";
import { GATEKEEPER_ACTOR } from "./breaker-states";
import { closeBreakerIn } from "./change-breaker";
import { getBreakerOrThrow } from "./get-breaker-or-throw";
import { requeueHeld } from "./requeue-held";
import { noteBreakerChange } from "./shedding-breakers";

/** A half-open breaker closes once it holds nothing and this long has passed without a relapse. */
export const HALF_OPEN_QUIET_MS = 5 * 60_000;

export type BreakerProgress = { released: number; closed: number; shedEnded: number };

/**
 * The breakers' own clock, at each gatekeeper tick: a half-open breaker releases its next few held
 * events (a relapse meanwhile opens it again: see openBreaker), and closes once it holds nothing and
 * has stayed quiet for HALF_OPEN_QUIET_MS; shed mode ends at its hard cap (the breaker then holds).
 */
export async function advanceBreakers(now: Date): Promise<BreakerProgress> {
  const progress: BreakerProgress = { released: 0, closed: 0, shedEnded: 0 };
  const active = await pool().query<{ id: string; state: string; half_open_at: Date | null; shed_until: Date | null }>(
    `SELECT id, state, half_open_at, shed_until FROM circuit_breaker WHERE state <> 'closed'`,
  );
  for (const row of active.rows) {
    await withTransaction(async (sql) => {
      const breaker = await getBreakerOrThrow(sql, row.id);
      if (breaker.state === "half_open") {
        const released = await requeueHeld(sql, { heldRef: `breaker:${breaker.id}`, limit: breaker.release_per_tick }, "released gradually while the breaker is half-open", GATEKEEPER_ACTOR);
        progress.released += released.length;
        await sql.query(`UPDATE circuit_breaker SET last_tick_at = $2 WHERE id = $1::uuid`, [breaker.id, now]);
        const [held] = await sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM stripe_event WHERE status = 'held' AND held_ref = $1`, [`breaker:${breaker.id}`]);
        if (held!.count === 0 && row.half_open_at && now.getTime() - row.half_open_at.getTime() >= HALF_OPEN_QUIET_MS) {
          await closeBreakerIn(sql, breaker, now, GATEKEEPER_ACTOR, `half-open for ${Math.round((now.getTime() - row.half_open_at.getTime()) / 60_000)} min without a relapse, every held event released`);
          progress.closed += 1;
        }
      } else if (breaker.shed_until && breaker.shed_until.getTime() <= now.getTime()) {
        await sql.query(`UPDATE circuit_breaker SET shed_until = NULL WHERE id = $1::uuid`, [breaker.id]);
        await recordDecision(
          { at: now, endpointId: breaker.endpoint_id, kind: "shed_ended", subject: `breaker:${breaker.id}`, summary: "shed mode reached its cap: deliveries are recorded and held again", explanation: { cap: breaker.shed_until.toISOString(), eventTypes: breaker.event_types } },
          sql,
        );
        await resolveAlert("breaker_shedding", `endpoint:${breaker.endpoint_name}`, sql);
        progress.shedEnded += 1;
      }
    });
  }
  if (progress.released > 0) wakeEmbeddedRunner();
  if (progress.closed > 0 || progress.shedEnded > 0) noteBreakerChange();
  return progress;
}
