import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeStripe } from "./fake-stripe";

let fake: FakeStripe;
let stripe: Stripe;
beforeAll(async () => {
  fake = await FakeStripe.start();
  stripe = new Stripe("sk_test_webhook_endpoints", { ...fake.clientOptions(), maxNetworkRetries: 0 });
});
afterAll(() => fake.close());

describe("the fake's webhook endpoints, through the official stripe package", () => {
  it("creates an endpoint answering its secret once, retrieves and lists it without the secret, and deletes it", async () => {
    const created = await stripe.webhookEndpoints.create({ url: "https://shop.example/api/stripe/webhook", enabled_events: ["charge.succeeded", "invoice.paid"], metadata: { team: "payments" } });
    expect(created).toMatchObject({ object: "webhook_endpoint", url: "https://shop.example/api/stripe/webhook", enabled_events: ["charge.succeeded", "invoice.paid"], status: "enabled", metadata: { team: "payments" } });
    expect(created.secret).toMatch(/^whsec_/);
    const retrieved = await stripe.webhookEndpoints.retrieve(created.id);
    expect(retrieved.secret).toBeUndefined();
    expect((await stripe.webhookEndpoints.list()).data.map((endpoint) => endpoint.id)).toContain(created.id);
    expect(await stripe.webhookEndpoints.del(created.id)).toMatchObject({ id: created.id, deleted: true });
    await expect(stripe.webhookEndpoints.retrieve(created.id)).rejects.toMatchObject({ statusCode: 404, code: "resource_missing" });
  });

  it("answers a repeated create with the same Idempotency-Key with the first endpoint, and refuses a create without a url", async () => {
    const params = { url: "https://shop.example/api/stripe/webhook/connect", enabled_events: ["*"] as Stripe.WebhookEndpointCreateParams.EnabledEvent[] };
    const first = await stripe.webhookEndpoints.create(params, { idempotencyKey: "rotation-1" });
    const again = await stripe.webhookEndpoints.create(params, { idempotencyKey: "rotation-1" });
    expect(again.id).toBe(first.id);
    await expect(stripe.webhookEndpoints.create({ enabled_events: ["*"] } as never)).rejects.toMatchObject({ statusCode: 400, param: "url" });
  });

  it("the control API lists endpoints with their secrets and sets one up as the Dashboard would, refusing a bad one", async () => {
    const post = (body: unknown) => fetch(`${fake.url}/_fake/webhook-endpoints`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const put = await post({ url: "https://shop.example/api/stripe/webhook/demo", secret: "whsec_dashboard_secret" });
    expect(put.status).toBe(200);
    const listed = (await (await fetch(`${fake.url}/_fake/webhook-endpoints`)).json()) as { data: { url: string; secret: string }[] };
    expect(listed.data).toContainEqual(expect.objectContaining({ url: "https://shop.example/api/stripe/webhook/demo", secret: "whsec_dashboard_secret" }));
    expect((await post({ url: "not a url" })).status).toBe(400);
  });
});
