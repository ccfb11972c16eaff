import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, apiPost, apiRequest } from "@/tests/support/api";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { auditEntries, deliverAndSettle, endpointWithOpenBreaker, HELD_TYPE, statusesOf } from "@/tests/support/gatekeeper";
import { endpointWithSecret } from "@/tests/support/intake";
import { settleEvents } from "@/tests/support/settle";
import { cliContext } from "@/tests/support/users";
import { createApiKey } from "../auth/create-api-key";
import { disconnect, pool } from "../db";
import { reloadEnv } from "../env";
import { loadStripeAddresses } from "./sources/source-addresses";
import { STRIPE_WEBHOOK_ADDRESSES } from "./sources/stripe-webhook-addresses";

// Breakers, the address list and blocks are shared state: a database of its own.
beforeAll(() => useFreshDatabase("gatekeeper_api"), 60_000);

const keys: Record<"viewer" | "operator" | "admin", string> = { viewer: "", operator: "", admin: "" };
let published = JSON.stringify({ WEBHOOKS: STRIPE_WEBHOOK_ADDRESSES });
const stripeList: Server = createServer((_request, response) => {
  response.writeHead(200, { "content-type": "application/json" });
  response.end(published);
});

beforeAll(async () => {
  for (const role of ["viewer", "operator", "admin"] as const) keys[role] = (await createApiKey({ name: `gatekeeper ${role}`, role }, cliContext)).key;
  await new Promise<void>((resolve) => stripeList.listen(0, "127.0.0.1", resolve));
  process.env.HOOKWARDEN_STRIPE_IPS_URL = `http://127.0.0.1:${(stripeList.address() as AddressInfo).port}/ips_webhooks.json`;
  reloadEnv();
});
afterAll(async () => {
  await new Promise((resolve) => stripeList.close(resolve));
  delete process.env.HOOKWARDEN_STRIPE_IPS_URL;
  reloadEnv();
  await disconnect();
});

async function breakerRow(id: string) {
  const rows = await pool().query<{ state: string; shed_until: Date | null; event_types: string[] }>(`SELECT state, shed_until, event_types FROM circuit_breaker WHERE id = $1`, [id]);
  return rows.rows[0];
}
const breakerCount = async (endpoint: string) =>
  (await pool().query<{ count: number }>(`SELECT count(*)::int AS count FROM circuit_breaker b JOIN endpoint e ON e.id = b.endpoint_id WHERE e.name = $1`, [endpoint])).rows[0]!.count;

describe("REST: breakers", () => {
  it("POST /gatekeeper/breakers forces one open for an admin (201, audited as the key); a viewer or operator gets 403 and bad input 422, with nothing opened", async () => {
    const { name } = await endpointWithSecret();
    const body = { endpoint: name, eventTypes: [HELD_TYPE], reason: "forged successes seen in logs" };
    expect((await apiPost("/api/v1/gatekeeper/breakers", keys.viewer, body)).status).toBe(403);
    expect((await apiPost("/api/v1/gatekeeper/breakers", keys.operator, body)).status).toBe(403);
    expect((await apiPost("/api/v1/gatekeeper/breakers", keys.admin, { ...body, reason: "" })).status).toBe(422);
    expect((await apiPost("/api/v1/gatekeeper/breakers", keys.admin, { ...body, eventTypes: "payment_intent.succeeded" })).status).toBe(422);
    expect((await apiPost("/api/v1/gatekeeper/breakers", keys.admin, "not json")).status).toBe(422);
    expect((await apiPost("/api/v1/gatekeeper/breakers", keys.admin, { ...body, endpoint: "no-such-endpoint" })).status).toBe(404);
    expect(await breakerCount(name)).toBe(0);

    const opened = await apiPost("/api/v1/gatekeeper/breakers", keys.admin, body);
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ endpoint: name, transition: "opened", eventTypes: [HELD_TYPE], shedUntil: null, links: { breaker: `/api/v1/gatekeeper/breakers/${opened.body.id}` } });
    expect(await breakerRow(opened.body.id as string)).toMatchObject({ state: "open", event_types: [HELD_TYPE] });
    expect(await auditEntries("gatekeeper.force_breaker", `breaker:${opened.body.id}`)).toEqual([expect.objectContaining({ actor_kind: "api_key", actor_label: "gatekeeper admin" })]);
    expect((await apiPost("/api/v1/gatekeeper/breakers", keys.admin, body)).status).toBe(409);
  });

  it("GET lists breakers, one breaker with its held events, and the decisions, for a viewer", async () => {
    const endpoint = await endpointWithOpenBreaker("REST listing");
    const held = await deliverAndSettle(endpoint, 3);
    const list = await apiGet(`/api/v1/gatekeeper/breakers?endpoint=${endpoint.name}`, keys.viewer);
    expect(list.status).toBe(200);
    expect(list.body.active).toEqual([expect.objectContaining({ id: endpoint.breakerId, state: "open", held: 3, reason: "REST listing", stateMeaning: expect.stringContaining("held until released") })]);
    expect((await apiGet("/api/v1/gatekeeper/breakers?history=-1", keys.viewer)).status).toBe(422);

    const one = await apiGet(`/api/v1/gatekeeper/breakers/${endpoint.breakerId}?limit=2`, keys.viewer);
    expect(one.status).toBe(200);
    const page = one.body.held as { data: { stripeEventId: string; heldReason: string }[]; nextCursor: string };
    expect(page.data.map((event) => event.stripeEventId)).toEqual([held[2]!.stripe_event_id, held[1]!.stripe_event_id]);
    expect(page.data[0]!.heldReason).toContain("REST listing");
    const rest = await apiGet(`/api/v1/gatekeeper/breakers/${endpoint.breakerId}?limit=2&cursor=${page.nextCursor}`, keys.viewer);
    expect((rest.body.held as { data: unknown[]; nextCursor: null }).data).toHaveLength(1);
    expect((await apiGet("/api/v1/gatekeeper/breakers/00000000-0000-4000-8000-000000000000", keys.viewer)).status).toBe(404);

    const decisions = await apiGet(`/api/v1/gatekeeper/decisions?endpoint=${endpoint.name}&kind=breaker_opened`, keys.viewer);
    expect(decisions.status).toBe(200);
    expect(decisions.body.data).toEqual([expect.objectContaining({ kind: "breaker_opened", subject: `breaker:${endpoint.breakerId}`, endpoint: endpoint.name })]);
    expect((await apiGet("/api/v1/gatekeeper/decisions?kind=everything", keys.viewer)).status).toBe(422);
    expect((await apiGet("/api/v1/gatekeeper/decisions", undefined)).status).toBe(401);
  });

  it("POST /transition: an operator half-opens, only an admin closes or sheds; a viewer is refused and the breaker does not move", async () => {
    const endpoint = await endpointWithOpenBreaker();
    const path = `/api/v1/gatekeeper/breakers/${endpoint.breakerId}/transition`;
    expect((await apiPost(path, keys.viewer, { to: "half_open", reason: "calm" })).status).toBe(403);
    expect((await apiPost(path, keys.operator, { to: "closed", reason: "done" })).status).toBe(403);
    expect((await apiPost(path, keys.operator, { to: "shed", hours: 2, reason: "flood" })).status).toBe(403);
    expect((await apiPost(path, keys.admin, { to: "sideways", reason: "what" })).status).toBe(422);
    expect((await apiPost(path, keys.admin, { to: "shed", hours: 2 })).status).toBe(422);
    expect(await breakerRow(endpoint.breakerId)).toMatchObject({ state: "open", shed_until: null });

    const shed = await apiPost(path, keys.admin, { to: "shed", hours: 2, reason: "flood, let Stripe keep them" });
    expect(shed.status).toBe(200);
    expect((await breakerRow(endpoint.breakerId))!.shed_until).not.toBeNull();
    expect(await auditEntries("gatekeeper.shed", `breaker:${endpoint.breakerId}`)).toHaveLength(1);
    expect((await apiPost(path, keys.operator, { to: "half_open", reason: "calm again" })).status).toBe(200);
    expect(await breakerRow(endpoint.breakerId)).toMatchObject({ state: "half_open", shed_until: null });
    expect((await apiPost(path, keys.admin, { to: "closed", reason: "incident over" })).status).toBe(200);
    expect(await breakerRow(endpoint.breakerId)).toMatchObject({ state: "closed" });
    expect((await apiPost(path, keys.admin, { to: "closed", reason: "again" })).status).toBe(409);
  });

  it("POST /release releases all a breaker holds and POST /held/release chosen ones, for an operator; a viewer changes nothing", async () => {
    const endpoint = await endpointWithOpenBreaker();
    const [a, b, c] = await deliverAndSettle(endpoint, 3);
    const all = `/api/v1/gatekeeper/breakers/${endpoint.breakerId}/release`;
    expect((await apiPost(all, keys.viewer, { reason: "checked" })).status).toBe(403);
    expect((await apiPost("/api/v1/gatekeeper/held/release", keys.viewer, { eventIds: [a!.id], reason: "checked" })).status).toBe(403);
    expect((await apiPost(all, keys.operator, {})).status).toBe(422);
    expect((await apiPost("/api/v1/gatekeeper/held/release", keys.operator, { eventIds: ["pi_123"], reason: "checked" })).status).toBe(422);
    expect(await statusesOf([a!.id, b!.id, c!.id])).toEqual(["held", "held", "held"]);

    const one = await apiPost("/api/v1/gatekeeper/held/release", keys.operator, { eventIds: [a!.stripe_event_id], reason: "customer confirmed in ticket 12" });
    expect(one).toEqual({ status: 200, body: { released: 1 } });
    const rest = await apiPost(all, keys.operator, { reason: "incident closed, all genuine" });
    expect(rest).toEqual({ status: 200, body: { released: 2 } });
    await settleEvents(endpoint.name, [a!, b!, c!].map((event) => event.stripe_event_id));
    expect(await statusesOf([a!.id, b!.id, c!.id])).toEqual(["processed", "processed", "processed"]);
    expect((await auditEntries("gatekeeper.release_held")).filter((entry) => entry.actor_label === "gatekeeper operator").map((entry) => entry.detail)).toEqual([
      "customer confirmed in ticket 12",
      "incident closed, all genuine",
    ]);
    expect((await apiPost(all, keys.operator, { reason: "nothing left" })).status).toBe(409);
  });
});

describe("REST: sources, blocks and policies", () => {
  // What the gatekeeper's first tick does on a new installation: the shipped list fills the empty table.
  beforeAll(() => loadStripeAddresses());

  it("GET /sources shows addresses, blocks and policies to a viewer; only an admin adds, removes and refreshes, and bad input changes nothing", async () => {
    const { name } = await endpointWithSecret();
    const listed = await apiGet("/api/v1/gatekeeper/sources", keys.viewer);
    expect(listed.status).toBe(200);
    expect((listed.body.addresses as unknown[]).length).toBe(STRIPE_WEBHOOK_ADDRESSES.length);
    expect(listed.body.policies).toContainEqual({ endpoint: name, policy: "monitor", outsideDeliveries24h: 0, refused24h: 0 });
    expect(listed.body.blocks).toEqual({ current: [], recent: [] });

    const count = async () => (await pool().query<{ count: number }>(`SELECT count(*)::int AS count FROM stripe_source_address`)).rows[0]!.count;
    expect((await apiPost("/api/v1/gatekeeper/sources", keys.viewer, { address: "198.51.100.5" })).status).toBe(403);
    expect((await apiPost("/api/v1/gatekeeper/sources", keys.operator, { address: "198.51.100.5" })).status).toBe(403);
    expect((await apiPost("/api/v1/gatekeeper/sources", keys.admin, { address: "198.51.100.0/24" })).status).toBe(422);
    expect(await count()).toBe(STRIPE_WEBHOOK_ADDRESSES.length);
    expect(await apiPost("/api/v1/gatekeeper/sources", keys.admin, { address: "198.51.100.5", note: "relay" })).toEqual({ status: 201, body: { address: "198.51.100.5", origin: "admin" } });
    expect((await apiRequest("DELETE", `/api/v1/gatekeeper/sources/198.51.100.5`, keys.viewer)).status).toBe(403);
    expect(await count()).toBe(STRIPE_WEBHOOK_ADDRESSES.length + 1);
    expect(await apiRequest("DELETE", `/api/v1/gatekeeper/sources/198.51.100.5`, keys.admin, { reason: "relay gone" })).toEqual({ status: 200, body: { address: "198.51.100.5", remaining: STRIPE_WEBHOOK_ADDRESSES.length } });
    expect((await apiRequest("DELETE", `/api/v1/gatekeeper/sources/198.51.100.5`, keys.admin)).status).toBe(404);

    published = JSON.stringify({ WEBHOOKS: [...STRIPE_WEBHOOK_ADDRESSES.slice(1), "3.3.3.3"] });
    expect((await apiPost("/api/v1/gatekeeper/sources/refresh", keys.operator)).status).toBe(403);
    const refreshed = await apiPost("/api/v1/gatekeeper/sources/refresh", keys.admin);
    expect(refreshed).toMatchObject({ status: 200, body: { added: ["3.3.3.3"], removed: [STRIPE_WEBHOOK_ADDRESSES[0]] } });
    published = "not json";
    expect(await apiPost("/api/v1/gatekeeper/sources/refresh", keys.admin)).toMatchObject({ status: 502, body: { error: { code: "stripe_unavailable" } } });
    expect(await count()).toBe(STRIPE_WEBHOOK_ADDRESSES.length);
  });

  it("PUT /endpoints/{name}/source-policy is for an admin; POST /blocks/{id}/lift too; both audited", async () => {
    const { name } = await endpointWithSecret();
    const path = `/api/v1/endpoints/${name}/source-policy`;
    const policy = async () => (await pool().query<{ source_policy: string }>(`SELECT source_policy FROM endpoint WHERE name = $1`, [name])).rows[0]!.source_policy;
    expect((await apiRequest("PUT", path, keys.viewer, { policy: "enforce" })).status).toBe(403);
    expect((await apiRequest("PUT", path, keys.operator, { policy: "enforce" })).status).toBe(403);
    expect((await apiRequest("PUT", path, keys.admin, { policy: "block" })).status).toBe(422);
    expect(await policy()).toBe("monitor");
    expect(await apiRequest("PUT", path, keys.admin, { policy: "enforce", reason: "Stripe only" })).toEqual({ status: 200, body: { endpoint: name, policy: "enforce", changed: true, outsideDeliveries24h: 0 } });
    expect(await policy()).toBe("enforce");
    expect((await apiRequest("PUT", `/api/v1/endpoints/no-such-endpoint/source-policy`, keys.admin, { policy: "off" })).status).toBe(404);

    const block = await pool().query<{ id: string }>(`INSERT INTO source_block (address, blocked_at, until, failures, reason) VALUES ('203.0.113.9', now(), now() + interval '10 minutes', 5, 'test') RETURNING id::text AS id`);
    const lift = `/api/v1/gatekeeper/blocks/${block.rows[0]!.id}/lift`;
    expect((await apiPost(lift, keys.viewer, { reason: "partner" })).status).toBe(403);
    expect((await apiPost(lift, keys.admin, {})).status).toBe(422);
    expect((await pool().query(`SELECT lifted_at FROM source_block WHERE id = $1`, [block.rows[0]!.id])).rows[0]).toEqual({ lifted_at: null });
    expect(await apiPost(lift, keys.admin, { reason: "partner's test server" })).toEqual({ status: 200, body: { id: block.rows[0]!.id, address: "203.0.113.9" } });
    expect(await auditEntries("gatekeeper.lift_block", "source:203.0.113.9")).toEqual([expect.objectContaining({ actor_kind: "api_key", detail: "partner's test server" })]);
    expect((await apiPost("/api/v1/gatekeeper/blocks/abc/lift", keys.admin, { reason: "partner" })).status).toBe(422);
  });
});
