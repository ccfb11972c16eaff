import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkoutPaymentEvents, newPaymentFlow } from "../../cli/simulate/stripe-events";
import { apiGet } from "../../tests/support/api";
import { deliver, endpointWithSecret, signedDelivery } from "../../tests/support/intake";
import { createApiKey } from "../auth/create-api-key";
import { disconnect, prisma } from "../db";
import { cliContext } from "../../tests/support/users";

afterAll(() => disconnect());

let endpoint: Awaited<ReturnType<typeof endpointWithSecret>>;
let viewerKey: string;
const events = checkoutPaymentEvents(newPaymentFlow());

beforeAll(async () => {
  endpoint = await endpointWithSecret();
  viewerKey = (await createApiKey({ name: "reader", role: "viewer" }, cliContext)).key;
  for (const event of events) await deliver(signedDelivery(event, endpoint.name, endpoint.secret));
  await deliver(signedDelivery(events[0]!, endpoint.name, endpoint.secret, Math.floor(Date.now() / 1000) - 5)); // a retry
});

describe("REST API: authentication and roles", () => {
  it("answers 401 without a key, with a malformed key, and with an unknown key", async () => {
    expect((await apiGet("/api/v1/events")).status).toBe(401);
    expect((await apiGet("/api/v1/events", "not-a-key")).status).toBe(401);
    expect((await apiGet("/api/v1/events", `hwk_000000000000_${"a".repeat(32)}`)).status).toBe(401);
    const { key } = await createApiKey({ name: "tampered", role: "admin" }, cliContext);
    expect((await apiGet("/api/v1/events", key.slice(0, -1) + (key.endsWith("A") ? "B" : "A"))).status).toBe(401);
  });

  it("answers 401 for a revoked key at once", async () => {
    const created = await createApiKey({ name: "soon revoked", role: "operator" }, cliContext);
    expect((await apiGet("/api/v1/events", created.key)).status).toBe(200);
    await prisma().apiKey.update({ where: { id: created.id }, data: { revokedAt: new Date() } });
    expect((await apiGet("/api/v1/events", created.key)).status).toBe(401);
  });

  it("answers 403 when the key's role is too low, re-reading the role on every request", async () => {
    const created = await createApiKey({ name: "demoted", role: "viewer" }, cliContext);
    expect((await apiGet("/api/v1/events", created.key)).status).toBe(200);
    // No viewer-level route can be refused for a viewer, so demote below viewer: an unknown role grants nothing.
    await prisma().apiKey.update({ where: { id: created.id }, data: { role: "nobody" } });
    const answer = await apiGet("/api/v1/events", created.key);
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ error: { code: "forbidden" } });
  });

  it("records when a key was last used", async () => {
    const created = await createApiKey({ name: "tracked", role: "viewer" }, cliContext);
    await apiGet("/api/v1/events", created.key);
    await expect.poll(async () => (await prisma().apiKey.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt).not.toBeNull();
  });
});

describe("REST API: events", () => {
  it("lists an endpoint's events newest first with keyset pagination", async () => {
    const first = await apiGet(`/api/v1/events?endpoint=${endpoint.name}&limit=3`, viewerKey);
    expect(first.status).toBe(200);
    const page1 = first.body.data as { id: string }[];
    expect(page1).toHaveLength(3);
    const second = await apiGet(`/api/v1/events?endpoint=${endpoint.name}&limit=3&cursor=${first.body.nextCursor as string}`, viewerKey);
    const page2 = second.body.data as { id: string }[];
    expect(page2).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect(new Set([...page1, ...page2].map((event) => event.id))).toEqual(new Set(events.map((event) => event.id)));
  });

  it("filters by type with wildcards and by status", async () => {
    const wildcard = await apiGet(`/api/v1/events?endpoint=${endpoint.name}&type=payment_intent.*`, viewerKey);
    expect((wildcard.body.data as { type: string }[]).map((event) => event.type).sort()).toEqual(["payment_intent.created", "payment_intent.succeeded"]);
    const none = await apiGet(`/api/v1/events?endpoint=${endpoint.name}&status=quarantined`, viewerKey);
    expect(none.body.data).toEqual([]);
    const future = await apiGet(`/api/v1/events?endpoint=${endpoint.name}&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, viewerKey);
    expect(future.body.data).toEqual([]);
  });

  it("answers 422 with the field for a bad filter and changes nothing", async () => {
    const answer = await apiGet("/api/v1/events?status=bogus&limit=0", viewerKey);
    expect(answer.status).toBe(422);
    expect(JSON.stringify(answer.body)).toMatch(/status/);
    expect((await apiGet("/api/v1/events?cursor=garbage", viewerKey)).status).toBe(422);
  });

  it("shows one event with every delivery, its matched secret and retry marks", async () => {
    const answer = await apiGet(`/api/v1/events/${events[0]!.id}`, viewerKey);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: events[0]!.id,
      type: "payment_intent.created",
      endpoint: endpoint.name,
      stripeCreatedAt: new Date(events[0]!.created * 1000).toISOString(),
      deliveryCount: 2,
    });
    const deliveries = answer.body.deliveries as Record<string, unknown>[];
    expect(deliveries.map((d) => [d.kind, d.retry, d.replay])).toEqual([
      ["first", false, false],
      ["retry", true, false],
    ]);
    expect(deliveries[0]).toMatchObject({ matchedSecret: endpoint.fingerprints[0], verdict: "accepted" });
    expect(JSON.stringify(answer.body)).not.toContain(endpoint.secret);
  });

  it("answers 404 for an event that is not in the ledger", async () => {
    const answer = await apiGet("/api/v1/events/evt_doesnotexist", viewerKey);
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: { code: "not_found" } });
  });
});
