import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { auditEntries, deliverAndSettle } from "@/tests/support/gatekeeper";
import { endpointWithSecret } from "@/tests/support/intake";
import { userWithPassword } from "@/tests/support/users";
import type { AuditContext } from "../audit/audit-actor";
import { disconnect, pool } from "../db";
import { env } from "../env";
import { forceOpenBreaker } from "./force-open-breaker";
import { SUCCESS_EVENT_TYPES } from "./success-event-types";

// Breakers and alerts are shared state (the half-open tick moves every breaker): a database of its own.
beforeAll(() => useFreshDatabase("force_open"), 60_000);
afterAll(() => disconnect());

async function adminContext(): Promise<AuditContext> {
  const admin = await userWithPassword("admin");
  return { actor: { kind: "user", id: admin.id, label: admin.email }, sourceAddress: "10.0.0.9" };
}

async function breakersOf(endpoint: string) {
  const rows = await pool().query<{ id: string; state: string; event_types: string[]; opened_by: string; reason: string; shed_until: Date | null }>(
    `SELECT b.id, b.state, b.event_types, b.opened_by, b.reason, b.shed_until FROM circuit_breaker b JOIN endpoint e ON e.id = b.endpoint_id WHERE e.name = $1`,
    [endpoint],
  );
  return rows.rows;
}

describe("an admin forces a breaker open", () => {
  it("holds the success types by default: later deliveries of them are recorded, acknowledged and held; the decision and the audit entry say who and why", async () => {
    const { name, secret } = await endpointWithSecret();
    const audit = await adminContext();
    const forced = await forceOpenBreaker({ endpoint: name, reason: "leaked secret suspected, INC-42" }, audit);
    expect(forced).toMatchObject({ endpoint: name, transition: "opened", eventTypes: [...SUCCESS_EVENT_TYPES].sort(), shedUntil: null });

    const [breaker] = await breakersOf(name);
    expect(breaker).toMatchObject({ id: forced.id, state: "open", opened_by: `user:${audit.actor.kind === "user" ? audit.actor.id : ""}`, reason: "leaked secret suspected, INC-42" });
    const [held] = await deliverAndSettle({ name, secret }, 1);
    expect(held!.status).toBe("held");

    const decisions = await pool().query(`SELECT kind, summary FROM gatekeeper_decision WHERE subject = $1`, [`breaker:${forced.id}`]);
    expect(decisions.rows).toEqual([{ kind: "breaker_opened", summary: expect.stringContaining("leaked secret suspected, INC-42") }]);
    expect(await auditEntries("gatekeeper.force_breaker", `breaker:${forced.id}`)).toEqual([
      expect.objectContaining({ actor_kind: "user", actor_label: audit.actor.kind === "user" ? audit.actor.label : "", detail: "leaked secret suspected, INC-42" }),
    ]);
  });

  it("refuses an unknown endpoint, an event-type pattern and a missing reason, and opens nothing", async () => {
    const { name } = await endpointWithSecret();
    const audit = await adminContext();
    await expect(forceOpenBreaker({ endpoint: "no-such-endpoint", reason: "because" }, audit)).rejects.toMatchObject({ code: "not_found" });
    await expect(forceOpenBreaker({ endpoint: name, eventTypes: ["invoice.*"], reason: "because" }, audit)).rejects.toMatchObject({ code: "invalid_request", fields: { "eventTypes.0": expect.stringContaining("exact event types") } });
    await expect(forceOpenBreaker({ endpoint: name, eventTypes: [], reason: "because" }, audit)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(forceOpenBreaker({ endpoint: name, reason: " " }, audit)).rejects.toMatchObject({ code: "invalid_request", fields: { reason: "say why, in a few words" } });
    expect(await breakersOf(name)).toEqual([]);
  });

  it("widens an open breaker with new types, and says so when nothing would change", async () => {
    const { name } = await endpointWithSecret();
    const audit = await adminContext();
    const first = await forceOpenBreaker({ endpoint: name, eventTypes: ["charge.succeeded"], reason: "first look" }, audit);
    const widened = await forceOpenBreaker({ endpoint: name, eventTypes: ["invoice.paid"], reason: "invoices too" }, audit);
    expect(widened).toMatchObject({ id: first.id, transition: "widened", eventTypes: ["charge.succeeded", "invoice.paid"] });
    await expect(forceOpenBreaker({ endpoint: name, eventTypes: ["invoice.paid"], reason: "again" }, audit)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("open already") });
    expect(await auditEntries("gatekeeper.force_breaker", `breaker:${first.id}`)).toHaveLength(2);
    expect(await breakersOf(name)).toHaveLength(1);
  });

  it("starts shed mode when asked, capped at HOOKWARDEN_SHED_MAX_HOURS, with its own audit entry and a critical alert", async () => {
    const { name } = await endpointWithSecret();
    const audit = await adminContext();
    const now = new Date();
    const cap = env().HOOKWARDEN_SHED_MAX_HOURS;
    const forced = await forceOpenBreaker({ endpoint: name, eventTypes: ["payment_intent.succeeded"], reason: "flood of forged successes", shedHours: cap + 10 }, audit, now);
    expect(forced.shedUntil).toBe(new Date(now.getTime() + cap * 3_600_000).toISOString());
    const [breaker] = await breakersOf(name);
    expect(breaker!.shed_until!.toISOString()).toBe(forced.shedUntil);
    expect(await auditEntries("gatekeeper.shed", `breaker:${forced.id}`)).toHaveLength(1);
    const alerts = await pool().query(`SELECT kind, severity FROM alert WHERE subject = $1 AND resolved_at IS NULL ORDER BY kind`, [`endpoint:${name}`]);
    expect(alerts.rows).toEqual([
      { kind: "breaker_open", severity: "critical" },
      { kind: "breaker_shedding", severity: "critical" },
    ]);
  });
});
