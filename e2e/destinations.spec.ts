import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { hookwarden, signInAsNewUser } from "./support/console";
import { e2eSql } from "./support/database";

// The business's app, on this machine: it records every message and answers 200, or, while
// `failing`, 503 with a body that names a person (the page must show it masked).
type Received = { id: string; timestamp: string; signature: string; body: string; answered: number };
const received: Received[] = [];
let failing = false;
let receiver: Server;
let receiverUrl: string;

// An endpoint of its own (made with the CLI), so no other spec's events reach the destination.
const endpoint = { name: `dst-${randomBytes(4).toString("hex")}`, secret: `whsec_${randomBytes(24).toString("base64url").replace(/-/g, "x")}` };
const DESTINATION = "orders-app";

test.beforeAll(async ({ request }) => {
  test.setTimeout(240_000);
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const answered = failing ? 503 : 200;
      const header = (name: string) => String(req.headers[name] ?? "");
      received.push({ id: header("webhook-id"), timestamp: header("webhook-timestamp"), signature: header("webhook-signature"), body: Buffer.concat(chunks).toString("utf8"), answered });
      res.writeHead(answered, { "content-type": "text/plain" }).end(failing ? "maintenance until 04:00, paging jenny.rosen@example.com" : "ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  await hookwarden(["endpoint", "add", endpoint.name]);
  await hookwarden(["secret", "add", endpoint.name, "--secret", endpoint.secret]);
  // npm run dev compiles each page on its first request: do it before the test's clock starts.
  for (const path of ["/sign-in", "/account/password", "/destinations"]) await request.get(path, { maxRedirects: 0, timeout: 120_000 });
});

test.afterAll(async () => {
  await hookwarden(["destination", "delete", `${endpoint.name}/${DESTINATION}`, "--reason", "end of the destinations spec"]).catch(() => undefined);
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

/** `hookwarden simulate --scenario subscription` to the spec's endpoint, signed as Stripe would, through intake: the Stripe ids it sent. */
async function sendSubscription(): Promise<string[]> {
  const stdout = await hookwarden(["simulate", "--scenario", "subscription", "--endpoint", endpoint.name, "--secret", endpoint.secret, "--url", `http://localhost:${process.env.E2E_PORT}`]);
  const ids = [...stdout.matchAll(/^200\s+\S+\s+(evt_\w+)/gm)].map((match) => match[1]!);
  expect(ids, stdout).toHaveLength(5);
  return ids;
}

async function signedIn(browser: Browser, role: "viewer" | "operator" | "admin"): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAsNewUser(page, role);
  return page;
}

/** The destination's page, reloaded until `check` holds (the dispatcher sends every second, in the background). */
async function until(page: Page, url: string, check: () => Promise<void>, timeout = 60_000) {
  await expect(async () => {
    await page.goto(url);
    await check();
  }).toPass({ timeout });
}

const stat = (page: Page, name: string): Locator => page.locator(`[data-stat="${name}"] [data-value]`);
const rowOf = (page: Page, stripeEventId: string): Locator => page.locator(`[data-testid="delivery-row"][data-event-id="${stripeEventId}"]`);

test("an admin adds a destination and sees its secret once; signed deliveries arrive; an operator sees failures, pauses, resumes and retries a dead one; a viewer sees nothing", async ({ browser }) => {
  test.setTimeout(300_000);

  // The admin adds the destination from the navigation. Internal addresses are refused until allowed, next to the URL.
  const admin = await signedIn(browser, "admin");
  await admin.getByRole("navigation", { name: "Console" }).getByRole("link", { name: /^Destinations/ }).click();
  await expect(admin).toHaveURL(/\/destinations$/);
  await admin.getByTestId("add-destination").click();
  const form = admin.getByRole("form", { name: "Add a destination" });
  await form.getByLabel("Name").fill(DESTINATION);
  await form.getByLabel("Endpoint").selectOption(endpoint.name);
  await form.getByLabel("URL").fill(receiverUrl);
  await form.getByLabel("Event types").fill("customer.subscription.*\ninvoice.paid");
  await form.getByTestId("confirm-add-destination").click();
  await expect(form.getByTestId("destination-url-error")).toContainText("must use https://");
  await expect(form.getByTestId("internal-warning")).toContainText("private networks");
  await form.getByLabel("Allow internal addresses").check();
  await form.getByTestId("confirm-add-destination").click();

  const secret = (await admin.getByTestId("new-signing-secret").textContent())!.trim();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  await expect(admin.getByTestId("secret-once")).toContainText("It will not be shown again.");
  await expect(admin.getByTestId("destination-secret").getByRole("button", { name: "Copy" })).toBeVisible();
  await admin.getByRole("button", { name: "I have stored it" }).click();
  const row = admin.locator(`[data-testid="destination-row"][data-name="${DESTINATION}"]`);
  await expect(row).toContainText(receiverUrl);
  await expect(row).toContainText("customer.subscription.*");
  await expect(row).toHaveAttribute("data-state", "active");
  await expect(admin.locator("body")).not.toContainText(secret);
  await expectNoSeriousA11yViolations(admin);

  // Signed deliveries go through intake; each processed event reaches the app once, signed with the secret shown.
  const healthy = await sendSubscription();
  await row.getByRole("link", { name: DESTINATION }).click();
  await expect(admin.getByRole("heading", { level: 1, name: DESTINATION })).toBeVisible();
  const destinationUrl = new URL(admin.url()).pathname;
  await until(admin, destinationUrl, async () => {
    await expect(admin.locator('[data-testid="delivery-row"][data-status="delivered"]')).toHaveCount(5, { timeout: 1_000 });
  });
  await expect(stat(admin, "delivered")).toHaveText("5");
  await expect(admin.getByTestId("secret-fingerprint")).not.toContainText(secret);
  const webhook = new Webhook(secret);
  expect(received.map((message) => message.id).sort()).toEqual([...healthy].sort());
  for (const message of received) {
    const verified = webhook.verify(message.body, { "webhook-id": message.id, "webhook-timestamp": message.timestamp, "webhook-signature": message.signature }) as { type: string; data: { id: string } };
    expect(verified.data.id).toBe(message.id);
  }
  // Each delivery's event is one click away.
  await expect(rowOf(admin, healthy[0]!).getByRole("link", { name: healthy[0]! })).toHaveAttribute("href", /^\/events\/[0-9a-f-]{36}$/);
  await expectNoSeriousA11yViolations(admin);

  // The app starts failing. The operator sees the failure: the status code and the answer's excerpt, masked.
  failing = true;
  const later = await sendSubscription();
  const operator = await signedIn(browser, "operator");
  await until(operator, destinationUrl, async () => {
    await expect(rowOf(operator, later[0]!).getByTestId("last-error")).toHaveText("answered 503", { timeout: 1_000 });
  });
  await expect(operator.getByRole("button", { name: /rotate secret|edit settings|delete/i })).toHaveCount(0);
  await expect(stat(operator, "failing")).toHaveText("1");
  await expect(stat(operator, "pending")).toHaveText("5"); // the first fails, the customer's other four wait behind it
  await rowOf(operator, later[0]!).getByTestId("toggle-attempts").click();
  const attempt = operator.locator('[data-testid="delivery-attempt"][data-outcome="failed"]').first();
  await expect(attempt.getByTestId("attempt-status-code")).toHaveText("503");
  await expect(attempt.getByTestId("attempt-excerpt")).toHaveText("maintenance until 04:00, paging ••••");
  await expect(operator.locator("body")).not.toContainText("jenny.rosen");

  // It pauses, with a reason, and the list says so; Resume says how many wait.
  await operator.getByTestId("pause").click();
  const confirm = operator.getByTestId("confirm-dialog");
  await confirm.getByLabel("Reason").fill("e2e: the app is in maintenance");
  await confirm.getByTestId("confirm-action").click();
  await expect(operator.getByTestId("destination-state")).toHaveAttribute("data-state", "paused");
  await expect(operator.getByTestId("paused-reason")).toContainText("e2e: the app is in maintenance");
  await operator.goto("/destinations");
  const operatorRow = operator.locator(`[data-testid="destination-row"][data-name="${DESTINATION}"]`);
  await expect(operatorRow).toHaveAttribute("data-state", "paused");
  await expect(operatorRow.getByTestId("paused-reason")).toContainText("e2e: the app is in maintenance");
  await operatorRow.getByRole("link", { name: DESTINATION }).click();
  await expect(operator.getByTestId("resume")).toHaveText("Resume · send 5 deliveries");
  await operator.getByTestId("resume").click();
  await expect(operator.getByText(`${DESTINATION} resumed: sending the 5 deliveries that waited, in order.`)).toBeVisible();
  await expect(operator.getByTestId("destination-state")).toHaveAttribute("data-state", "active");

  // Its retry window ends while the app still fails (moved forward here: it is 72 hours): the delivery is dead.
  await e2eSql(
    `UPDATE destination_delivery x SET deadline = now(), next_attempt_at = now() FROM destination d JOIN endpoint ep ON ep.id = d.endpoint_id
      WHERE x.destination_id = d.id AND ep.name = $1 AND d.name = $2 AND x.status = 'pending' AND x.attempts > 0`,
    [endpoint.name, DESTINATION],
  );
  await until(operator, `${destinationUrl}?status=dead`, async () => {
    await expect(rowOf(operator, later[0]!)).toHaveAttribute("data-status", "dead", { timeout: 1_000 });
  });
  await expect(stat(operator, "dead")).toHaveText("1");
  await expect(rowOf(operator, later[0]!).getByTestId("last-error")).toContainText("gave up after");

  // The app is back: the operator sends the dead one again; it is delivered, with the same webhook-id.
  failing = false;
  await operator.getByTestId("retry-deliveries").click();
  const retry = operator.getByTestId("retry-dialog");
  await retry.getByLabel(/^Dead/).check();
  await retry.getByLabel("Reason").fill("e2e: the app is back");
  await retry.getByTestId("confirm-retry").click();
  await expect(operator.getByText("1 dead delivery sent again now.")).toBeVisible();
  await until(operator, destinationUrl, async () => {
    await expect(operator.locator('[data-testid="delivery-row"][data-status="delivered"]')).toHaveCount(10, { timeout: 1_000 });
  });
  await expect(stat(operator, "dead")).toHaveText("0");
  const again = received.filter((message) => message.id === later[0]);
  expect(again.at(-1)).toMatchObject({ answered: 200 });
  expect(again.length).toBeGreaterThanOrEqual(3); // failed, failed after the resume, delivered after the retry
  await expectNoSeriousA11yViolations(operator);

  // A viewer has no destinations: not in the navigation, and the pages answer 404.
  const viewer = await signedIn(browser, "viewer");
  await expect(viewer.getByRole("navigation", { name: "Console" }).getByRole("link", { name: /^Destinations/ })).toHaveCount(0);
  expect((await viewer.goto("/destinations"))?.status()).toBe(404);
  expect((await viewer.goto(destinationUrl))?.status()).toBe(404);
});
