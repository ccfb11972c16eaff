import { z } from "zod";
import { resolveAlert } from "../../alerts/resolve-alert";
import { recordAlert } from "../../alerts/record-alert";
import type { AuditContext } from "../../audit/audit-actor";
import { actorName, recordAudit } from "../../audit/record-audit";
import { withTransaction, type Sql } from "../../db";
import { env } from "../../env";
import { AppError, invalidInput } from "../../errors";
import { recordDecision } from "../decisions";
import { GATEKEEPER_ACTOR } from "./breaker-states";
import { getBreakerOrThrow, type BreakerRow } from "./get-breaker-or-throw";
import { noteBreakerChange } from "./shedding-breakers";

export const ChangeBreakerSchema = z.discriminatedUnion("to", [
  /** Release the held events gradually, watching for a relapse (operator). */
  z.object({ to: z.literal("half_open"), reason: z.string().trim().min(3, "say why, in a few words").max(500), releasePerTick: z.number().int().min(1).max(1_000).optional() }),
  /** Stop holding new events now (admin); events already held stay held until released. */
  z.object({ to: z.literal("closed"), reason: z.string().trim().min(3, "say why, in a few words").max(500) }),
  /** Shed mode on for `hours` (capped by HOOKWARDEN_SHED_MAX_HOURS), or off with 0 (admin). */
  z.object({ to: z.literal("shed"), hours: z.number().min(0).max(48), reason: z.string().trim().min(3, "say why, in a few words").max(500) }),
]);
export type ChangeBreaker = z.infer<typeof ChangeBreakerSchema>;

/** The action each change is authorised and audited as. */
export const CHANGE_ACTIONS = { half_open: "gatekeeper.half_open", closed: "gatekeeper.force_breaker", shed: "gatekeeper.shed" } as const;

/**
 * An operator or admin moves a breaker: half-open (held events released a few per tick while the
 * gatekeeper watches), closed (forced), or shed mode on or off. Refused with a clear error from a
 * state where the change makes no sense; every change is a decision and an audit entry.
 */
export async function changeBreaker(breakerId: string, input: unknown, audit: AuditContext, now = new Date()) {
  const parsed = ChangeBreakerSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const change = parsed.data;
  const result = await withTransaction(async (sql) => {
    const breaker = await getBreakerOrThrow(sql, breakerId);
    if (breaker.state === "closed") throw new AppError("conflict", "This breaker is closed already; nothing changed.");
    const actor = actorName(audit.actor);
    if (change.to === "half_open") {
      if (breaker.state === "half_open") throw new AppError("conflict", "This breaker is half-open already.");
      await sql.query(`UPDATE circuit_breaker SET state = 'half_open', half_open_at = $2, shed_until = NULL, release_per_tick = COALESCE($3, release_per_tick) WHERE id = $1::uuid`, [
        breaker.id,
        now,
        change.releasePerTick ?? null,
      ]);
      await transition(sql, breaker, now, "breaker_half_open", `${actor} put the breaker half-open: held events are released gradually. ${change.reason}`, { by: actor });
    } else if (change.to === "closed") {
      await closeBreakerIn(sql, breaker, now, actor, change.reason);
    } else {
      if (breaker.state !== "open") throw new AppError("conflict", "Only an open breaker sheds.");
      const hours = Math.min(change.hours, env().HOOKWARDEN_SHED_MAX_HOURS);
      const until = hours > 0 ? new Date(now.getTime() + hours * 3_600_000) : null;
      await sql.query(`UPDATE circuit_breaker SET shed_until = $2 WHERE id = $1::uuid`, [breaker.id, until]);
      if (until) {
        await transition(sql, breaker, now, "shed_started", `${actor} turned shed mode on until ${until.toISOString()}: ${breaker.event_types.join(", ")} answered 503. ${change.reason}`, { by: actor, until: until.toISOString(), capHours: env().HOOKWARDEN_SHED_MAX_HOURS });
        await recordAlert({ kind: "breaker_shedding", severity: "critical", subject: `endpoint:${breaker.endpoint_name}`, message: sheddingMessage(breaker, until), detail: { breakerId: breaker.id, until: until.toISOString() } }, sql);
      } else {
        await transition(sql, breaker, now, "shed_ended", `${actor} turned shed mode off: deliveries are recorded and held again. ${change.reason}`, { by: actor });
        await resolveAlert("breaker_shedding", `endpoint:${breaker.endpoint_name}`, sql);
      }
    }
    await recordAudit(sql, {
      actor: audit.actor,
      action: CHANGE_ACTIONS[change.to],
      subject: `breaker:${breaker.id}`,
      before: { state: breaker.state, shedUntil: breaker.shed_until?.toISOString() ?? null },
      after: change.to === "shed" ? { shedHours: change.hours } : { state: change.to },
      sourceAddress: audit.sourceAddress,
      detail: change.reason,
    });
    return { id: breaker.id, to: change.to };
  });
  noteBreakerChange();
  return result;
}

export function sheddingMessage(breaker: Pick<BreakerRow, "endpoint_name" | "event_types">, until: Date): string {
  return `${breaker.endpoint_name}: ${breaker.event_types.join(", ")} answered 503 until ${until.toISOString()}. Stripe retries for up to 3 days and disables an endpoint after about 9 days of failures: shedding stops at its cap, then events are held instead.`.slice(0, 500);
}

async function transition(sql: Sql, breaker: BreakerRow, at: Date, kind: "breaker_half_open" | "breaker_closed" | "shed_started" | "shed_ended", summary: string, explanation: Record<string, unknown>) {
  await recordDecision({ at, endpointId: breaker.endpoint_id, kind, subject: `breaker:${breaker.id}`, summary, explanation: { ...explanation, eventTypes: breaker.event_types } }, sql);
}

/** Closes a breaker (the tick once half-open is over, or an admin): new events are applied again; held ones stay until released. */
export async function closeBreakerIn(sql: Sql, breaker: BreakerRow, at: Date, actor: string, reason: string): Promise<void> {
  await sql.query(`UPDATE circuit_breaker SET state = 'closed', closed_at = $2, closed_by = $3, shed_until = NULL WHERE id = $1::uuid`, [breaker.id, at, actor]);
  const [held] = await sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM stripe_event WHERE status = 'held' AND held_ref = $1`, [`breaker:${breaker.id}`]);
  await transition(sql, breaker, at, "breaker_closed", `breaker closed by ${actor}: ${reason}${held!.count ? ` (${held!.count} events it held are still held until released)` : ""}`, { by: actor, stillHeld: held!.count });
  if (actor === GATEKEEPER_ACTOR) {
    await recordAudit(sql, { actor: { kind: "system" }, action: "gatekeeper.breaker_transition", subject: `breaker:${breaker.id}`, before: { state: breaker.state }, after: { state: "closed" }, detail: reason });
  }
  await resolveAlert("breaker_open", `endpoint:${breaker.endpoint_name}`, sql);
  await resolveAlert("breaker_shedding", `endpoint:${breaker.endpoint_name}`, sql);
}
