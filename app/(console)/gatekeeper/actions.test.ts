import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { disconnect, pool } from "@/server/db";
import { loadStripeAddresses } from "@/server/gatekeeper/sources/source-addresses";
import { actAs, sessionFor } from "@/tests/support/console";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { auditEntries, deliverAndSettle, endpointWithOpenBreaker, HELD_TYPE, statusesOf } from "@/tests/support/gatekeeper";
import { endpointWithSecret } from "@/tests/support/intake";
import { closeBreakerAction, forceOpenBreakerAction, halfOpenBreakerAction, releaseBreakerHeldAction, releaseChosenEventsAction, shedBreakerAction } from "./actions";
import { addSourceAddressAction, liftSourceBlockAction, removeSourceAddressAction, setSourcePolicyAction } from "./sources/actions";

vi.mock("@/server/auth/request-context", () => ({ requestContext: vi.fn(), renewSessionCookie: vi.fn() }));

// Breakers and the address list are shared state: a database of its own.
beforeAll(async () => {
  await useFreshDatabase("gatekeeper_console");
  await loadStripeAddresses();
}, 60_000);
afterAll(() => disconnect());

const stateOf = async (id: string) => (await pool().query<{ state: string; shed_until: Date | null }>(`SELECT state, shed_until FROM circuit_breaker WHERE id = $1`, [id])).rows[0];
const forbidden = { ok: false, error: { code: "forbidden", message: expect.any(String) } };

describe("the gatekeeper page's actions", () => {
  it("a viewer's forged calls are refused and change nothing: release, half-open, force, shed, sources", async () => {
    const endpoint = await endpointWithOpenBreaker();
    const [held] = await deliverAndSettle(endpoint, 1);
    await actAs((await sessionFor("viewer")).claims);
    expect(await releaseBreakerHeldAction({ breakerId: endpoint.breakerId, reason: "sneaky" })).toEqual(forbidden);
    expect(await releaseChosenEventsAction({ eventIds: [held!.id], reason: "sneaky" })).toEqual(forbidden);
    expect(await halfOpenBreakerAction({ breakerId: endpoint.breakerId, reason: "sneaky" })).toEqual(forbidden);
    expect(await closeBreakerAction({ breakerId: endpoint.breakerId, reason: "sneaky" })).toEqual(forbidden);
    expect(await shedBreakerAction({ breakerId: endpoint.breakerId, hours: 1, reason: "sneaky" })).toEqual(forbidden);
    expect(await forceOpenBreakerAction({ endpoint: endpoint.name, reason: "sneaky" })).toEqual(forbidden);
    expect(await addSourceAddressAction({ address: "198.51.100.1" })).toEqual(forbidden);
    expect(await setSourcePolicyAction({ endpoint: endpoint.name, policy: "off", reason: "sneaky" })).toEqual(forbidden);
    expect(await statusesOf([held!.id])).toEqual(["held"]);
    expect(await stateOf(endpoint.breakerId)).toMatchObject({ state: "open", shed_until: null });
  });

  it("an operator releases chosen events and all the rest, and half-opens; force close and shed stay an admin's", async () => {
    const endpoint = await endpointWithOpenBreaker();
    const [a, b] = await deliverAndSettle(endpoint, 2);
    const operator = await sessionFor("operator");
    await actAs(operator.claims);
    expect(await releaseChosenEventsAction({ eventIds: [a!.id], reason: "" })).toMatchObject({ ok: false, error: { code: "invalid_request" } });
    expect(await releaseChosenEventsAction({ eventIds: [a!.id], reason: "confirmed in Stripe" })).toEqual({ ok: true, data: { released: 1 } });
    expect(await releaseBreakerHeldAction({ breakerId: endpoint.breakerId, reason: "all genuine" })).toEqual({ ok: true, data: { released: 1 } });
    expect(await statusesOf([a!.id, b!.id])).not.toContain("held");
    expect(await closeBreakerAction({ breakerId: endpoint.breakerId, reason: "done" })).toEqual(forbidden);
    expect(await shedBreakerAction({ breakerId: endpoint.breakerId, hours: 1, reason: "flood" })).toEqual(forbidden);
    expect(await halfOpenBreakerAction({ breakerId: endpoint.breakerId, reason: "quiet now" })).toMatchObject({ ok: true });
    expect(await stateOf(endpoint.breakerId)).toMatchObject({ state: "half_open" });
    expect((await auditEntries("gatekeeper.release_held")).filter((entry) => entry.actor_label === operator.user.email).map((entry) => entry.detail)).toEqual(["confirmed in Stripe", "all genuine"]);
  });

  it("an admin forces a breaker open, sheds (capped), closes it, and edits sources and policies", async () => {
    const { name } = await endpointWithSecret();
    await actAs((await sessionFor("admin")).claims);
    const opened = await forceOpenBreakerAction({ endpoint: name, eventTypes: [HELD_TYPE], reason: "leaked secret", shedHours: 2 });
    expect(opened).toMatchObject({ ok: true, data: { endpoint: name, transition: "opened", shedUntil: expect.any(String) } });
    const id = (opened as { data: { id: string } }).data.id;
    expect(await shedBreakerAction({ breakerId: id, hours: 0, reason: "stop shedding" })).toMatchObject({ ok: true });
    expect(await stateOf(id)).toMatchObject({ state: "open", shed_until: null });
    expect(await closeBreakerAction({ breakerId: id, reason: "secret rotated" })).toMatchObject({ ok: true });
    expect(await stateOf(id)).toMatchObject({ state: "closed" });

    expect(await addSourceAddressAction({ address: "2001:db8::9", note: "relay" })).toEqual({ ok: true, data: { address: "2001:db8::9", origin: "admin" } });
    expect(await removeSourceAddressAction({ address: "2001:db8::9" })).toMatchObject({ ok: false, error: { code: "invalid_request" } });
    expect(await removeSourceAddressAction({ address: "2001:db8::9", reason: "relay gone" })).toMatchObject({ ok: true });
    expect(await setSourcePolicyAction({ endpoint: name, policy: "enforce", reason: "Stripe only" })).toMatchObject({ ok: true, data: { changed: true } });
    const block = await pool().query<{ id: string }>(`INSERT INTO source_block (address, blocked_at, until, failures, reason) VALUES ('203.0.113.5', now(), now() + interval '5 minutes', 5, 'test') RETURNING id::text AS id`);
    expect(await liftSourceBlockAction({ blockId: block.rows[0]!.id, reason: "partner" })).toMatchObject({ ok: true, data: { address: "203.0.113.5" } });
  });
});
