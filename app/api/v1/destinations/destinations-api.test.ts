import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscriptionLifecycleEvents } from "@/cli/simulate/stripe-events";
import { createApiKey } from "@/server/auth/create-api-key";
import { disconnect, pool, prisma } from "@/server/db";
import { dispatchDestinations } from "@/server/destinations/dispatch-destinations";
import { apiDelete, apiGet, apiPatch, apiPost } from "@/tests/support/api";
import { booksFixture } from "@/tests/support/books";
import { destinationReceiver } from "@/tests/support/destination-receiver";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { cliContext } from "@/tests/support/users";

const keys = { admin: "", operator: "", viewer: "" };

beforeAll(async () => {
  await useFreshDatabase("destinations_api");
  for (const role of ["admin", "operator", "viewer"] as const) keys[role] = (await createApiKey({ name: `destinations-${role}`, role }, cliContext)).key;
}, 60_000);
afterAll(() => disconnect());

async function snapshot() {
  const destinations = await pool().query(`SELECT name, url, event_types, state, allow_internal, secret_fingerprint FROM destination ORDER BY name`);
  const deliveries = await pool().query(`SELECT destination_id, status, attempts FROM destination_delivery ORDER BY id`);
  const audit = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entry WHERE action LIKE 'destinations.%'`);
  return { destinations: destinations.rows, deliveries: deliveries.rows, audit: audit.rows[0]!.n };
}

describe("destinations through the REST API", () => {
  it("an admin adds one (the secret once), an operator sees its deliveries and attempts, pauses, resumes and retries; a viewer cannot see it", async () => {
    const books = await booksFixture();
    const receiver = await destinationReceiver({ behaviour: [500] });
    const added = await apiPost("/api/v1/destinations", keys.admin, { endpoint: books.endpoint.name, name: "orders-app", url: receiver.url, eventTypes: ["customer.subscription.*"], allowInternal: true });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ name: "orders-app", endpoint: books.endpoint.name, state: "active", eventTypes: ["customer.subscription.*"], signingSecret: expect.stringMatching(/^whsec_/) });
    const secret = (added.body as { signingSecret: string }).signingSecret;
    const id = (added.body as { id: string }).id;

    await books.send(subscriptionLifecycleEvents());
    await books.settle();
    await dispatchDestinations();

    const listed = await apiGet(`/api/v1/destinations?endpoint=${books.endpoint.name}`, keys.operator);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(secret.slice(6));
    expect(listed.body).toMatchObject({ data: [{ id, counts: { pending: 4, failing: 1, dead: 0 } }] });
    const one = await apiGet(`/api/v1/destinations/orders-app?endpoint=${books.endpoint.name}&status=pending`, keys.operator);
    expect(one.status).toBe(200);
    const deliveries = (one.body as { deliveries: { attempts: number; recentAttempts: { statusCode: number; latencyMs: number }[] }[] }).deliveries;
    expect(deliveries).toHaveLength(4);
    expect(deliveries.find((delivery) => delivery.attempts === 1)!.recentAttempts[0]).toMatchObject({ statusCode: 500, latencyMs: expect.any(Number) });
    expect((await apiGet(`/api/v1/destinations/${id}?status=lost`, keys.operator)).status).toBe(422);
    expect((await apiGet(`/api/v1/destinations`, keys.viewer)).status).toBe(403);

    expect((await apiPost(`/api/v1/destinations/${id}/pause`, keys.operator, { reason: "deploying the app" })).body).toMatchObject({ state: "paused", pausedReason: "deploying the app" });
    expect((await apiPost(`/api/v1/destinations/${id}/resume`, keys.operator, {})).body).toMatchObject({ state: "active", backlog: 4 });
    const retried = await apiPost(`/api/v1/destinations/${id}/retry`, keys.operator, { reason: "try the failing one now", which: "failing" });
    expect(retried.body).toEqual({ retried: 1 });
    await dispatchDestinations();
    expect(receiver.accepted()).toHaveLength(4);

    expect((await apiPost(`/api/v1/destinations/${id}/rotate-secret`, keys.operator, {})).status).toBe(403);
    const rotated = await apiPost(`/api/v1/destinations/${id}/rotate-secret`, keys.admin, {});
    expect(rotated.body).toMatchObject({ signingSecret: expect.stringMatching(/^whsec_/), previousSecret: { fingerprint: (added.body as { secretFingerprint: string }).secretFingerprint } });
    const changed = await apiPatch(`/api/v1/destinations/${id}`, keys.admin, { eventTypes: "*" });
    expect(changed.body).toMatchObject({ eventTypes: ["*"] });
    const actions = (await prisma().auditEntry.findMany({ where: { subject: `destination:${books.endpoint.name}/orders-app` }, orderBy: { id: "asc" } })).map((entry) => entry.action);
    expect(actions).toEqual(["destinations.create", "destinations.pause", "destinations.resume", "destinations.retry", "destinations.rotate_secret", "destinations.update"]);
    await receiver.close();
  }, 60_000);

  it("refuses bad input, a wrong role and an unknown destination with a clear error, and changes nothing", async () => {
    const books = await booksFixture();
    const created = await apiPost("/api/v1/destinations", keys.admin, { endpoint: books.endpoint.name, name: "billing-app", url: "https://billing.example.com/hooks", eventTypes: ["invoice.*"] });
    expect(created.status).toBe(201);
    const before = await snapshot();
    const cases: [Promise<{ status: number; body: unknown }>, number, RegExp][] = [
      [apiPost("/api/v1/destinations", keys.admin, { endpoint: books.endpoint.name, name: "metadata", url: "https://169.254.169.254/latest", eventTypes: ["*"] }), 422, /internal address/],
      [apiPost("/api/v1/destinations", keys.admin, { endpoint: books.endpoint.name, name: "billing-app", url: "https://other.example.com/hooks", eventTypes: ["*"] }), 409, /has a destination named "billing-app" already/],
      [apiPost("/api/v1/destinations", keys.admin, { endpoint: books.endpoint.name, name: "Bad Name", url: "https://x.example.com", eventTypes: [] }), 422, /lower-case letters[\s\S]*at least one type/],
      [apiPost("/api/v1/destinations", keys.operator, { endpoint: books.endpoint.name, name: "ops", url: "https://x.example.com", eventTypes: ["*"] }), 403, /admin/],
      [apiPatch("/api/v1/destinations/billing-app", keys.admin, { url: "http://billing.example.com/hooks" }), 422, /must use https/],
      [apiPost("/api/v1/destinations/billing-app/pause", keys.operator, {}), 422, /reason is required/],
      [apiPost("/api/v1/destinations/billing-app/retry", keys.operator, { reason: "x" }), 422, /at least 3 characters/],
      [apiPost("/api/v1/destinations/billing-app/retry", keys.operator, { reason: "range", from: "2026-11-29T12:00:00Z", to: "2026-11-29T10:00:00Z" }), 422, /to must be after from/],
      [apiPost("/api/v1/destinations/billing-app/resume", keys.operator, {}), 409, /is not paused/],
      [apiGet("/api/v1/destinations/no-such-app", keys.operator), 404, /No destination "no-such-app"/],
      [apiDelete("/api/v1/destinations/billing-app", keys.admin, {}), 422, /reason is required/],
    ];
    for (const [answer, status, message] of cases) {
      const { status: got, body } = await answer;
      expect(got, JSON.stringify(body)).toBe(status);
      expect((body as { error?: { message?: string } }).error?.message ?? "", JSON.stringify(body)).toMatch(message);
    }
    expect(await snapshot()).toEqual(before);
    const deleted = await apiDelete("/api/v1/destinations/billing-app", keys.admin, { reason: "app retired" });
    expect(deleted.body).toEqual({ deleted: `${books.endpoint.name}/billing-app`, pendingDropped: 0 });
  }, 60_000);
});
