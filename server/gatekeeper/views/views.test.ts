import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { deliverAndSettle, endpointWithOpenBreaker, HELD_TYPE, statusesOf } from "@/tests/support/gatekeeper";
import { endpointWithSecret } from "@/tests/support/intake";
import { settleEvents } from "@/tests/support/settle";
import { userWithPassword } from "@/tests/support/users";
import type { AuditContext } from "../../audit/audit-actor";
import { disconnect, pool } from "../../db";
import { changeBreaker } from "../breaker/change-breaker";
import { releaseHeldEvents } from "../breaker/release-held-events";
import { recordDecision } from "../decisions";
import { forceOpenBreaker } from "../force-open-breaker";
import { releaseChosenEvents } from "../release-chosen-events";
import { getBreakerViewOrThrow } from "./get-breaker-view-or-throw";
import { listBreakers } from "./list-breakers";
import { listDecisions } from "./list-decisions";

// Breakers are shared state (the half-open tick moves every breaker): a database of its own.
beforeAll(() => useFreshDatabase("gatekeeper_views"), 60_000);
afterAll(() => disconnect());

async function operatorContext(): Promise<AuditContext & { email: string }> {
  const user = await userWithPassword("operator");
  return { actor: { kind: "user", id: user.id, label: user.email }, sourceAddress: null, email: user.email };
}

describe("the breakers' views", () => {
  it("lists what needs a person first (open, half-open, closed but still holding), then history, each with its held count and who acted, named", async () => {
    const admin = await userWithPassword("admin");
    const adminAudit: AuditContext = { actor: { kind: "user", id: admin.id, label: admin.email }, sourceAddress: null };
    const holding = await endpointWithOpenBreaker();
    await deliverAndSettle(holding, 3);
    const halfOpen = await endpointWithOpenBreaker();
    await changeBreaker(halfOpen.breakerId, { to: "half_open", reason: "looks calm now" }, adminAudit);
    // Closed, but what it held stays held until released.
    const closedHolding = await endpointWithOpenBreaker();
    await deliverAndSettle(closedHolding, 1);
    await changeBreaker(closedHolding.breakerId, { to: "closed", reason: "false alarm" }, adminAudit);
    const done = await endpointWithSecret();
    const forced = await forceOpenBreaker({ endpoint: done.name, eventTypes: [HELD_TYPE], reason: "drill" }, adminAudit);
    await changeBreaker(forced.id, { to: "closed", reason: "drill over" }, adminAudit);

    const { active, history } = await listBreakers();
    const ids = active.map((breaker) => breaker.id);
    expect(ids.indexOf(closedHolding.breakerId)).toBeGreaterThan(ids.indexOf(holding.breakerId));
    expect(active.find((breaker) => breaker.id === holding.breakerId)).toMatchObject({ endpoint: holding.name, state: "open", held: 3, eventTypes: [HELD_TYPE], openedBy: "the command line", forced: true });
    expect(active.find((breaker) => breaker.id === halfOpen.breakerId)).toMatchObject({ state: "half_open", held: 0, halfOpenAt: expect.any(String), halfOpenBy: admin.email, stateMeaning: expect.stringContaining("released a few at a time") });
    expect((await getBreakerViewOrThrow(halfOpen.breakerId)).breaker.halfOpenBy).toBe(admin.email);
    expect(active.find((breaker) => breaker.id === closedHolding.breakerId)).toMatchObject({ state: "closed", held: 1, closedBy: admin.email });
    expect(history.map((breaker) => breaker.id)).toEqual([forced.id]);
    expect(history[0]).toMatchObject({ openedBy: admin.email, closedBy: admin.email, held: 0 });
    expect((await listBreakers({ endpoint: holding.name })).active.map((breaker) => breaker.id)).toEqual([holding.breakerId]);
    await expect(listBreakers({ history: 1000 })).rejects.toMatchObject({ code: "invalid_request" });
  });

  it("shows one breaker with its held events a page at a time (Stripe id, type, customer, received, why held) and its decisions", async () => {
    const endpoint = await endpointWithOpenBreaker("burst of forged successes");
    const events = await deliverAndSettle(endpoint, 5);
    const first = await getBreakerViewOrThrow(endpoint.breakerId, { limit: 2 });
    expect(first.breaker).toMatchObject({ id: endpoint.breakerId, held: 5, reason: "burst of forged successes" });
    expect(first.held.data).toHaveLength(2);
    expect(first.held.data[0]).toMatchObject({ stripeEventId: events.at(-1)!.stripe_event_id, type: HELD_TYPE, customerId: expect.stringMatching(/^cus_/), heldReason: expect.stringContaining("burst of forged successes") });
    const rest = await getBreakerViewOrThrow(endpoint.breakerId, { limit: 10, cursor: first.held.nextCursor! });
    expect(rest.held.nextCursor).toBeNull();
    expect([...first.held.data, ...rest.held.data].map((event) => event.id)).toEqual(events.map((event) => event.id).reverse());
    expect(first.decisions.map((decision) => decision.kind)).toEqual(["breaker_opened"]);

    await expect(getBreakerViewOrThrow("00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ code: "not_found" });
    await expect(getBreakerViewOrThrow("not-a-breaker")).rejects.toMatchObject({ code: "not_found" });
    await expect(getBreakerViewOrThrow(endpoint.breakerId, { cursor: "bogus" })).rejects.toMatchObject({ code: "invalid_request" });
  });
});

describe("the decisions list", () => {
  it("filters by kind and endpoint, newest first, a page at a time, and names people by e-mail address", async () => {
    const operator = await operatorContext();
    const endpoint = await endpointWithOpenBreaker();
    await changeBreaker(endpoint.breakerId, { to: "half_open", reason: "calm again" }, operator);
    const endpointRow = await pool().query<{ id: string }>(`SELECT id FROM endpoint WHERE name = $1`, [endpoint.name]);
    const base = Date.now() - 60_000;
    for (let i = 0; i < 3; i++) {
      await recordDecision({ at: new Date(base + i * 1000), endpointId: endpointRow.rows[0]!.id, kind: "anomaly", subject: `endpoint:${endpoint.name}`, summary: `anomaly ${i}`, explanation: { score: i } });
    }
    const all = await listDecisions({ endpoint: endpoint.name });
    expect(all.data.map((decision) => decision.kind)).toEqual(["breaker_half_open", "breaker_opened", "anomaly", "anomaly", "anomaly"]);
    expect(all.data[0]!.summary).toContain(operator.email);
    expect(all.data[0]!.explanation.by).toBe(operator.email);

    const page = await listDecisions({ endpoint: endpoint.name, kind: "anomaly", limit: 2 });
    expect(page.data.map((decision) => decision.summary)).toEqual(["anomaly 2", "anomaly 1"]);
    const next = await listDecisions({ endpoint: endpoint.name, kind: "anomaly", limit: 2, cursor: page.nextCursor! });
    expect(next).toMatchObject({ data: [{ summary: "anomaly 0", explanation: { score: 0 }, kindMeaning: expect.stringContaining("baseline") }], nextCursor: null });
    expect((await listDecisions({ endpoint: endpoint.name, kind: "breaker_opened,breaker_half_open" })).data).toHaveLength(2);

    await expect(listDecisions({ kind: "nonsense" })).rejects.toMatchObject({ code: "invalid_request", fields: { "kind.0": expect.stringContaining("kind must be one of") } });
    await expect(listDecisions({ cursor: "bogus" })).rejects.toMatchObject({ code: "invalid_request" });
  });
});

describe("releasing chosen held events", () => {
  it("releases by ledger id or Stripe id, and refuses (releasing nothing) when one of them is not held", async () => {
    const operator = await operatorContext();
    const endpoint = await endpointWithOpenBreaker();
    const [a, b, c] = await deliverAndSettle(endpoint, 3);
    await expect(releaseChosenEvents({ eventIds: [a!.id, "evt_not_held_anywhere"], reason: "checked with Stripe" }, operator)).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("evt_not_held_anywhere"),
    });
    expect(await statusesOf([a!.id, b!.id, c!.id])).toEqual(["held", "held", "held"]);
    await expect(releaseChosenEvents({ eventIds: [a!.id], reason: "" }, operator)).rejects.toMatchObject({ code: "invalid_request" });

    expect(await releaseChosenEvents({ eventIds: [a!.id, b!.stripe_event_id], reason: "checked with Stripe" }, operator)).toEqual({ released: 2 });
    await settleEvents(endpoint.name, [a!.stripe_event_id, b!.stripe_event_id]);
    expect(await statusesOf([a!.id, b!.id, c!.id])).toEqual(["processed", "processed", "held"]);
    expect((await getBreakerViewOrThrow(endpoint.breakerId)).breaker.held).toBe(1);
    expect(await releaseHeldEvents({ breakerId: endpoint.breakerId, reason: "the rest too" }, operator)).toEqual({ released: 1 });
  });
});
