import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkoutPaymentEvents, newPaymentFlow, type StripeEventJson } from "@/cli/simulate/stripe-events";
import { apiGet, apiRequest } from "@/tests/support/api";
import { endpointWithStripeKey, useFakeStripe } from "@/tests/support/fake-stripe";
import { deliver, newSecret, signedDelivery } from "@/tests/support/intake";
import { cliContext } from "@/tests/support/users";
import { createApiKey } from "../auth/create-api-key";
import { fingerprint } from "../crypto/cipher";
import { disconnect, pool } from "../db";
import type { FakeStripe } from "../stripe-fake/fake-stripe";
import { advanceRotations } from "./advance-rotations";
import { getRotationOrThrow } from "./get-rotation-or-throw";
import { startStripeRotation } from "./start-stripe-rotation";

afterAll(() => disconnect());
let fake: FakeStripe;
let adminKey: string;
let operatorKey: string;
beforeAll(async () => {
  fake = await useFakeStripe();
  adminKey = (await createApiKey({ name: "rotation admin", role: "admin" }, cliContext)).key;
  operatorKey = (await createApiKey({ name: "rotation operator", role: "operator" }, cliContext)).key;
});

const anEvent = (): StripeEventJson => checkoutPaymentEvents(newPaymentFlow())[2]!;

/** An endpoint whose Stripe webhook endpoint already exists in the (fake) account, signing with the endpoint's secret. */
async function endpointDeliveredByStripe() {
  const endpoint = await endpointWithStripeKey();
  const stripeEndpoint = fake.putWebhookEndpoint({
    url: `https://shop.example/api/stripe/webhook/${endpoint.name}`,
    enabled_events: ["checkout.session.completed", "payment_intent.succeeded"],
    api_version: "2025-09-30.clover",
    secret: endpoint.secret,
  });
  return { ...endpoint, stripeEndpoint };
}

const stripeEndpointsFor = (name: string) => fake.webhookEndpoints().filter((endpoint) => endpoint.url.endsWith(`/${name}`));

async function secretStatuses(name: string) {
  const rows = await pool().query<{ fingerprint: string; status: string; source: string }>(
    `SELECT s.fingerprint, s.status, s.source FROM signing_secret s JOIN endpoint e ON e.id = s.endpoint_id WHERE e.name = $1 ORDER BY s.created_at`,
    [name],
  );
  return rows.rows;
}

describe("an API-driven rotation against the local Stripe server", () => {
  it("creates a second Stripe endpoint, stores its secret unseen, absorbs the doubled deliveries, and deletes the old endpoint once the new one delivers", async () => {
    const { name, secret: oldSecret, stripeEndpoint } = await endpointDeliveredByStripe();

    const started = await apiRequest("POST", `/api/v1/endpoints/${name}/rotations`, adminKey, {});
    expect(started.status).toBe(202);
    expect(JSON.stringify(started.body)).not.toContain("whsec_");
    const rotationId = (started.body.rotation as { id: string }).id;
    expect(started.body.rotation).toMatchObject({ kind: "stripe_api", status: "confirming", oldStripeEndpointId: stripeEndpoint.id });

    const [old, created] = [stripeEndpoint, stripeEndpointsFor(name).find((endpoint) => endpoint.id !== stripeEndpoint.id)!];
    expect(created).toMatchObject({ url: old.url, enabled_events: old.enabled_events, api_version: old.api_version, metadata: { hookwarden_rotation: rotationId } });
    expect(await secretStatuses(name)).toEqual([
      { fingerprint: fingerprint(oldSecret), status: "active", source: "cli" },
      { fingerprint: fingerprint(created.secret), status: "active", source: "rotation" },
    ]);

    // Both Stripe endpoints deliver every event: twice, each signed by its own secret.
    const event = anEvent();
    const first = await deliver(signedDelivery(event, name, oldSecret));
    const second = await deliver(signedDelivery(event, name, created.secret));
    expect([first.body.duplicate, second.body.duplicate]).toEqual([false, true]);
    const events = await pool().query(`SELECT count(*)::int AS count FROM stripe_event WHERE stripe_event_id = $1`, [event.id]);
    expect(events.rows[0]).toEqual({ count: 1 });
    const live = await getRotationOrThrow(rotationId);
    expect(live.traffic).toMatchObject({ deliveries: 2, eventsDeliveredTwice: 1, duplicatesAbsorbed: 1 });

    expect(await advanceRotations()).toContainEqual({ rotationId, endpoint: name, outcome: "completed" });
    expect(stripeEndpointsFor(name).map((endpoint) => endpoint.id)).toEqual([created.id]);
    expect((await secretStatuses(name)).map((secret) => secret.status)).toEqual(["retired", "active"]);
    expect((await deliver(signedDelivery(anEvent(), name, oldSecret))).status).toBe(400);
    expect((await deliver(signedDelivery(anEvent(), name, created.secret))).status).toBe(200);

    const shown = await apiGet(`/api/v1/rotations/${rotationId}`, adminKey);
    expect(shown.body).toMatchObject({ status: "completed", newStripeEndpointId: created.id });
    const endpointRow = await pool().query(`SELECT stripe_webhook_endpoint_id FROM endpoint WHERE name = $1`, [name]);
    expect(endpointRow.rows[0]).toEqual({ stripe_webhook_endpoint_id: created.id });
    const audit = await pool().query<{ action: string; actor_kind: string }>(`SELECT action, actor_kind FROM audit_entry WHERE subject = $1 AND action LIKE 'secrets.%' ORDER BY id`, [`endpoint:${name}`]);
    expect(audit.rows).toEqual([
      { action: "secrets.rotate", actor_kind: "api_key" },
      { action: "secrets.rotation_step", actor_kind: "system" },
      { action: "secrets.rotation_completed", actor_kind: "system" },
    ]);
  });

  it("rolls back when the new Stripe endpoint delivers nothing by the deadline: the new endpoint is deleted and the old secret verifies as before", async () => {
    const { name, secret: oldSecret, stripeEndpoint } = await endpointDeliveredByStripe();
    const { rotationId } = await startStripeRotation({ endpointName: name, confirmWithinMinutes: 5 }, cliContext);
    const created = stripeEndpointsFor(name).find((endpoint) => endpoint.id !== stripeEndpoint.id)!;
    // Only the old endpoint delivers (say the new one's URL is blocked by a firewall).
    await deliver(signedDelivery(anEvent(), name, oldSecret));
    expect((await advanceRotations()).map((advanced) => advanced.rotationId)).not.toContain(rotationId);

    expect(await advanceRotations(new Date(Date.now() + 6 * 60_000))).toContainEqual({ rotationId, endpoint: name, outcome: "rolled_back" });
    expect(stripeEndpointsFor(name).map((endpoint) => endpoint.id)).toEqual([stripeEndpoint.id]);
    expect(await secretStatuses(name)).toEqual([
      { fingerprint: fingerprint(oldSecret), status: "active", source: "cli" },
      { fingerprint: fingerprint(created.secret), status: "retired", source: "rotation" },
    ]);
    expect((await deliver(signedDelivery(anEvent(), name, oldSecret))).status).toBe(200);
    expect((await deliver(signedDelivery(anEvent(), name, created.secret))).status).toBe(400);
    const alert = await pool().query(`SELECT severity FROM alert WHERE kind = 'rotation_rolled_back' AND subject = $1 AND resolved_at IS NULL`, [`endpoint:${name}`]);
    expect(alert.rows).toEqual([{ severity: "warning" }]);
  });

  it("an admin's rollback deletes the new Stripe endpoint; an operator may not roll back", async () => {
    const { name, stripeEndpoint } = await endpointDeliveredByStripe();
    const { rotationId } = await startStripeRotation({ endpointName: name }, cliContext);
    const refused = await apiRequest("POST", `/api/v1/rotations/${rotationId}/rollback`, operatorKey, { reason: "not mine to undo" });
    expect(refused.status).toBe(403);
    expect(stripeEndpointsFor(name)).toHaveLength(2);
    const undone = await apiRequest("POST", `/api/v1/rotations/${rotationId}/rollback`, adminKey, { reason: "wrong account" });
    expect(undone.status).toBe(200);
    expect(stripeEndpointsFor(name).map((endpoint) => endpoint.id)).toEqual([stripeEndpoint.id]);
    expect((await getRotationOrThrow(rotationId)).status).toBe("rolled_back");
  });

  it("fails cleanly, leaving nothing in Stripe, when no Stripe endpoint delivers here, when several do, or when Stripe keeps failing", async () => {
    const lonely = await endpointWithStripeKey();
    await expect(startStripeRotation({ endpointName: lonely.name }, cliContext)).rejects.toMatchObject({ code: "not_found" });
    const failed = await pool().query(`SELECT r.status FROM secret_rotation r JOIN endpoint e ON e.id = r.endpoint_id WHERE e.name = $1`, [lonely.name]);
    expect(failed.rows).toEqual([{ status: "failed" }]);

    const twice = await endpointDeliveredByStripe();
    fake.putWebhookEndpoint({ url: `https://other.example/api/stripe/webhook/${twice.name}`, secret: newSecret() });
    await expect(startStripeRotation({ endpointName: twice.name }, cliContext)).rejects.toMatchObject({ code: "ambiguous" });
    expect(stripeEndpointsFor(twice.name)).toHaveLength(2);
    // Naming the Stripe endpoint settles it.
    const named = await startStripeRotation({ endpointName: twice.name, stripeEndpointId: twice.stripeEndpoint.id }, cliContext);
    expect((await getRotationOrThrow(named.rotationId)).status).toBe("confirming");

    const flaky = await endpointDeliveredByStripe();
    fake.failNext({ method: "POST", path: "/v1/webhook_endpoints", status: 500, times: 20 });
    await expect(startStripeRotation({ endpointName: flaky.name }, cliContext)).rejects.toMatchObject({ code: "stripe_unavailable" });
    fake.reset();
    expect(await secretStatuses(flaky.name)).toHaveLength(1);
  });

  it("refuses a bad request and an endpoint without a Stripe key, changing nothing", async () => {
    const { name } = await endpointDeliveredByStripe();
    const bad = await apiRequest("POST", `/api/v1/endpoints/${name}/rotations`, adminKey, { confirmWithinMinutes: 0 });
    expect(bad.status).toBe(422);
    const badId = await apiRequest("POST", `/api/v1/endpoints/${name}/rotations`, adminKey, { stripeEndpointId: "not-an-id" });
    expect(badId.status).toBe(422);
    const rotations = await pool().query(`SELECT count(*)::int AS count FROM secret_rotation r JOIN endpoint e ON e.id = r.endpoint_id WHERE e.name = $1`, [name]);
    expect(rotations.rows[0]).toEqual({ count: 0 });
  });
});

describe("the secrets REST API", () => {
  it("rolls, lists and retires through REST for an admin only, never answering a secret", async () => {
    const { name, secret } = await endpointDeliveredByStripe();
    const replacement = newSecret();
    expect((await apiRequest("POST", `/api/v1/endpoints/${name}/secrets/roll`, operatorKey, { secret: replacement })).status).toBe(403);
    const rolled = await apiRequest("POST", `/api/v1/endpoints/${name}/secrets/roll`, adminKey, { secret: replacement, overlapHours: 2 });
    expect(rolled.status).toBe(201);
    expect(rolled.body).toMatchObject({ fingerprint: fingerprint(replacement) });
    const listed = await apiGet(`/api/v1/endpoints/${name}/secrets`, adminKey);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain("whsec_");
    expect((listed.body.secrets as { fingerprint: string; state: string }[]).map((row) => [row.fingerprint, row.state])).toEqual([
      [fingerprint(replacement), "active"],
      [fingerprint(secret), "expiring"],
    ]);
    const retired = await apiRequest("POST", `/api/v1/endpoints/${name}/secrets/${fingerprint(secret)}/retire`, adminKey, { reason: "rolled" });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ completedRotation: rolled.body.rotationId });
    const policy = await apiRequest("PUT", `/api/v1/endpoints/${name}/rotation-policy`, adminKey, { intervalDays: 90, quietMinutes: 30, autoRetire: true });
    expect(policy.status).toBe(200);
    expect((await apiGet(`/api/v1/endpoints/${name}/secrets`, adminKey)).body.policy).toMatchObject({ intervalDays: 90, quietMinutes: 30, autoRetire: true, state: "ok" });
  });
});
