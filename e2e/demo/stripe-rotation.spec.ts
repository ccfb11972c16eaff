import { expect, test, type APIRequestContext } from "@playwright/test";
import { stripeSignatureHeader } from "../../cli/simulate/sign";
import { stripeEvent } from "../../cli/simulate/stripe-events";
import { fingerprint } from "../../server/crypto/cipher";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { createApiKeyWithCli, signInAsNewUser } from "../support/console";

// Demo mode: the server's Stripe fake plays the Stripe account, webhook endpoints included. The test
// plays Stripe's side of the deliveries: it learns each endpoint's secret from the fake's control API
// (as the Dashboard would reveal it) and signs with it. The rotation is of the `default` endpoint,
// whose secret the config sets (STRIPE_WEBHOOK_SECRET in playwright.config.ts); `hookwarden simulate`
// reads the endpoint's current secrets from the database, so other specs keep working after it.

const CONFIGURED_SECRET = "whsec_e2e_playwright_secret_0001";
const SHOP_URL = "https://shop.example/api/stripe/webhook";
const fake = `http://127.0.0.1:${process.env.HOOKWARDEN_DEMO_STRIPE_PORT}/_fake`;

type FakeEndpoint = { id: string; url: string; secret: string; metadata: Record<string, string> };

async function fakeEndpoints(request: APIRequestContext): Promise<FakeEndpoint[]> {
  const answer = await request.get(`${fake}/webhook-endpoints`);
  expect(answer.status()).toBe(200);
  return ((await answer.json()) as { data: FakeEndpoint[] }).data;
}

/** One Stripe delivery of this body, signed with this secret. */
async function deliver(request: APIRequestContext, body: string, secret: string): Promise<number> {
  const answer = await request.post("/api/stripe/webhook", { data: body, headers: { "content-type": "application/json", "stripe-signature": stripeSignatureHeader(body, secret) } });
  return answer.status();
}

test.beforeAll(async ({ request }) => {
  test.setTimeout(240_000);
  for (const path of ["/sign-in", "/account/password", "/admin/endpoints/default/secrets", "/admin/rotations/00000000-0000-4000-8000-000000000000"]) {
    await request.get(path, { maxRedirects: 0, timeout: 120_000 });
  }
});

test("an admin rotates the default endpoint's secret through Stripe: both endpoints deliver, the duplicate is absorbed, the old Stripe endpoint is deleted; a second rotation is rolled back", async ({ page, request }) => {
  test.setTimeout(300_000);
  const adminKey = await createApiKeyWithCli("admin");
  // The Stripe endpoint that delivers to this Hookwarden endpoint, as set up in the Dashboard.
  const setUp = await request.post(`${fake}/webhook-endpoints`, { data: { url: SHOP_URL, secret: CONFIGURED_SECRET, enabled_events: ["*"] } });
  expect(setUp.status()).toBe(200);
  const original = ((await setUp.json()) as { data: FakeEndpoint[] }).data[0]!;

  await signInAsNewUser(page, "admin");
  await page.goto("/admin/endpoints/default/secrets");
  await expect(page.locator(`[data-testid="secret-row"][data-fingerprint="${fingerprint(CONFIGURED_SECRET)}"]`)).toHaveAttribute("data-state", "active");
  await expect(page.getByTestId("stripe-rotation-unavailable")).toHaveCount(0);

  // One button: the dialog says what will happen, then the rotation's page follows it.
  await page.getByTestId("rotate-through-stripe").click();
  const dialog = page.getByTestId("stripe-rotation-dialog");
  await expect(dialog).toContainText("Creates a second Stripe webhook endpoint");
  await expect(dialog).toContainText("Stripe delivers every event twice");
  await expect(dialog).toContainText("the old Stripe endpoint is deleted");
  await dialog.getByLabel("Confirm within (minutes)").fill("30");
  await expect(dialog).toContainText("within 30 minutes, it rolls back");
  await expectNoSeriousA11yViolations(page, { include: ["[role=dialog]"] });
  await dialog.getByTestId("confirm-stripe-rotation").click();

  await expect(page).toHaveURL(/\/admin\/rotations\/[0-9a-f-]{36}$/);
  const rotationId = page.url().split("/").pop()!;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rotation through Stripe");
  await expect(page.locator("header [data-status]")).toHaveAttribute("data-status", "confirming");
  await expect(page.getByTestId("rotation-meaning")).toHaveText("Both Stripe endpoints deliver; waiting for a delivery verified by the new secret.");
  await expect(page.getByTestId("old-stripe-endpoint")).toHaveText(original.id);
  await expect(page.getByTestId("timeline-confirm-by")).toContainText("New endpoint must deliver by");

  // Stripe now has two endpoints for the URL; the new one's secret is known to Stripe alone (and to the test, playing Stripe).
  const created = (await fakeEndpoints(request)).find((endpoint) => endpoint.metadata.hookwarden_rotation === rotationId);
  expect(created).toBeTruthy();
  expect(created!.url).toBe(SHOP_URL);
  await expect(page.getByTestId("new-stripe-endpoint")).toHaveText(created!.id);
  expect(await page.content()).not.toContain(created!.secret);
  await expectNoSeriousA11yViolations(page);

  // One event, delivered by both Stripe endpoints: signed by the old secret, then by the new one.
  const body = JSON.stringify(stripeEvent("customer.created", { id: "cus_rotation_demo", object: "customer" }));
  expect(await deliver(request, body, CONFIGURED_SECRET)).toBe(200);
  expect(await deliver(request, body, created!.secret)).toBe(200);
  await expect(page.getByTestId("delivered-twice")).toHaveText("1 event delivered twice");
  await expect(page.getByTestId("duplicates-absorbed")).toHaveText("1 duplicate absorbed");
  await expect(page.getByTestId("rotation-duplicates")).toContainText("They changed nothing: each event was processed once.");
  await expect(page.locator(`[data-testid="secret-share"][data-role="new"]`)).toHaveAttribute("data-deliveries", "1");

  // The schedule (every 30 s) sees the new secret verify a delivery: the rotation completes and the old Stripe endpoint goes.
  await expect(page.locator("header [data-status]")).toHaveAttribute("data-status", "completed", { timeout: 100_000 });
  await expect(page.getByTestId("timeline-outcome")).toContainText(`the old one (${original.id}) is deleted`);
  await expect(page.getByTestId("rollback-rotation")).toHaveCount(0);
  await expect(page.getByTestId("live-run-refresh")).toHaveCount(0);
  expect((await fakeEndpoints(request)).map((endpoint) => endpoint.id)).toEqual([created!.id]);
  // The old secret no longer verifies; the new one does.
  const later = JSON.stringify(stripeEvent("customer.created", { id: "cus_rotation_demo_2", object: "customer" }));
  expect(await deliver(request, later, CONFIGURED_SECRET)).toBe(400);
  expect(await deliver(request, later, created!.secret)).toBe(200);
  const rest = await request.get("/api/v1/endpoints/default/secrets", { headers: { authorization: `Bearer ${adminKey}` } });
  const secrets = ((await rest.json()) as { secrets: { fingerprint: string; state: string }[] }).secrets;
  expect(secrets.find((secret) => secret.fingerprint === fingerprint(CONFIGURED_SECRET))?.state).toBe("retired");
  expect(secrets.find((secret) => secret.fingerprint === fingerprint(created!.secret))?.state).toBe("active");

  // A second rotation, rolled back by the admin with a reason: its new Stripe endpoint is deleted, the current one stays.
  await page.goto("/admin/endpoints/default/secrets");
  await page.getByTestId("rotate-through-stripe").click();
  await page.getByTestId("stripe-rotation-dialog").getByTestId("confirm-stripe-rotation").click();
  await expect(page).toHaveURL(/\/admin\/rotations\/[0-9a-f-]{36}$/);
  const secondId = page.url().split("/").pop()!;
  expect(secondId).not.toBe(rotationId);
  await expect(page.locator("header [data-status]")).toHaveAttribute("data-status", "confirming");
  const third = (await fakeEndpoints(request)).find((endpoint) => endpoint.metadata.hookwarden_rotation === secondId);
  expect(third).toBeTruthy();
  await page.getByTestId("rollback-rotation").click();
  const confirm = page.getByTestId("confirm-dialog");
  await expect(confirm.getByTestId("confirm-action")).toBeDisabled();
  await expect(confirm).toContainText(`The new Stripe webhook endpoint ${third!.id} is deleted first`);
  await confirm.getByLabel("Reason").fill("e2e: changed our mind");
  await confirm.getByTestId("confirm-action").click();
  await expect(page.locator("header [data-status]")).toHaveAttribute("data-status", "rolled_back");
  await expect(page.getByTestId("timeline-outcome")).toContainText("e2e: changed our mind");
  expect((await fakeEndpoints(request)).map((endpoint) => endpoint.id)).toEqual([created!.id]);
  const rolledBack = await request.get(`/api/v1/rotations/${secondId}`, { headers: { authorization: `Bearer ${adminKey}` } });
  expect(await rolledBack.json()).toMatchObject({ status: "rolled_back", kind: "stripe_api", outcome: "e2e: changed our mind" });
  // The secret from before the rollback still verifies.
  expect(await deliver(request, JSON.stringify(stripeEvent("customer.created", { id: "cus_rotation_demo_3", object: "customer" })), created!.secret)).toBe(200);
});
