import { recordAlert } from "../../alerts/record-alert";
import type { AuditContext } from "../../audit/audit-actor";
import { actorName, recordAudit } from "../../audit/record-audit";
import { withTransaction, type Sql } from "../../db";
import { recordDecision } from "../decisions";
import { GATEKEEPER_ACTOR } from "./breaker-states";
import { noteBreakerChange } from "./shedding-breakers";

export type OpenBreakerInput = {
  endpointId: string;
  endpointName: string;
  /** The gatekeeper's clock. */
  at: Date;
  eventTypes: string[];
  reason: string;
  explanation: Record<string, unknown>;
  /** An operator forcing it open; absent when the gatekeeper trips it. */
  audit?: AuditContext;
  /** Shed mode from the start, until this time (already capped by the caller). */
  shedUntil?: Date | null;
};

export type OpenedBreaker = { id: string; transition: "opened" | "relapsed" | "widened" | "unchanged"; eventTypes: string[] };

/**
 * Opens the endpoint's breaker for these event types: from then on processing holds their events
 * (recorded and acknowledged, effects paused). An open breaker gains the new types; a half-open
 * one relapses to open (its release stops). One decision, one audit entry and one alert per
 * transition, never one per event.
 */
export async function openBreaker(input: OpenBreakerInput): Promise<OpenedBreaker> {
  const result = await withTransaction((sql) => openBreakerIn(sql, input));
  noteBreakerChange();
  return result;
}

async function openBreakerIn(sql: Sql, input: OpenBreakerInput): Promise<OpenedBreaker> {
  const actor = input.audit ? actorName(input.audit.actor) : GATEKEEPER_ACTOR;
  await sql.query(`SELECT id FROM endpoint WHERE id = $1::uuid FOR UPDATE`, [input.endpointId]);
  const [active] = await sql.query<{ id: string; state: string; event_types: string[] }>(
    `SELECT id, state, event_types FROM circuit_breaker WHERE endpoint_id = $1::uuid AND state <> 'closed'`,
    [input.endpointId],
  );
  let id: string;
  let transition: OpenedBreaker["transition"];
  let eventTypes: string[];
  if (!active) {
    eventTypes = [...new Set(input.eventTypes)].sort();
    const [row] = await sql.query<{ id: string }>(
      `INSERT INTO circuit_breaker (id, endpoint_id, state, event_types, reason, explanation, opened_at, opened_by, shed_until)
       VALUES (gen_random_uuid(), $1::uuid, 'open', $2::text[], $3, $4::jsonb, $5, $6, $7) RETURNING id`,
      [input.endpointId, eventTypes, input.reason.slice(0, 500), JSON.stringify(input.explanation), input.at, actor, input.shedUntil ?? null],
    );
    id = row!.id;
    transition = "opened";
  } else {
    id = active.id;
    eventTypes = [...new Set([...active.event_types, ...input.eventTypes])].sort();
    const widened = eventTypes.length > active.event_types.length;
    transition = active.state === "half_open" ? "relapsed" : widened ? "widened" : "unchanged";
    if (transition === "unchanged") return { id, transition, eventTypes };
    await sql.query(
      `UPDATE circuit_breaker SET state = 'open', event_types = $2::text[], reason = $3, explanation = $4::jsonb, half_open_at = NULL,
         shed_until = COALESCE($5, shed_until) WHERE id = $1::uuid`,
      [id, eventTypes, input.reason.slice(0, 500), JSON.stringify(input.explanation), input.shedUntil ?? null],
    );
  }
  const verb = { opened: "opened", relapsed: "opened again (a relapse while half-open)", widened: "now also holds" }[transition];
  const summary = `breaker ${verb} on ${input.endpointName} for ${eventTypes.join(", ")}: ${input.reason}`;
  await recordDecision(
    { at: input.at, endpointId: input.endpointId, kind: "breaker_opened", subject: `breaker:${id}`, summary, explanation: { ...input.explanation, transition, eventTypes, forcedBy: input.audit ? actor : undefined } },
    sql,
  );
  await recordAudit(sql, {
    actor: input.audit?.actor ?? { kind: "system" },
    action: input.audit ? "gatekeeper.force_breaker" : "gatekeeper.breaker_transition",
    subject: `breaker:${id}`,
    before: active ? { state: active.state, eventTypes: active.event_types } : { state: "closed" },
    after: { state: "open", eventTypes },
    sourceAddress: input.audit?.sourceAddress ?? null,
    detail: input.reason,
  });
  await recordAlert(
    { kind: "breaker_open", severity: "critical", subject: `endpoint:${input.endpointName}`, message: summary.slice(0, 500), detail: { breakerId: id, eventTypes } },
    sql,
  );
  return { id, transition, eventTypes };
}
