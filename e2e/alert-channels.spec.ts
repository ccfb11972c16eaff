import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { hookwarden, signInAsNewUser } from "./support/console";

// A webhook receiver of our own, on this machine: what an alert channel sends lands here.
type Received = { signature: string; body: string };
const received: Received[] = [];
let receiver: Server;
let receiverUrl: string;

test.beforeAll(async ({ request }) => {
  test.setTimeout(240_000);
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ signature: String(req.headers["hookwarden-signature"] ?? ""), body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/e2e-path-token`;
  // npm run dev compiles each page on its first request: do it before the test's clock starts.
  for (const path of ["/sign-in", "/account/password", "/admin/alert-channels"]) await request.get(path, { maxRedirects: 0, timeout: 120_000 });
});

test.afterAll(async () => {
  // The specs after this one raise alerts of their own: they go nowhere once the channel is gone.
  await hookwarden(["alert-channel", "remove", "e2e-hook", "--reason", "end of the alert channels spec"]).catch(() => undefined);
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

/** The receiver's check, as the README describes it: HMAC-SHA256 of "<t>.<body>" with the secret shown once. */
function verifies({ signature, body }: Received, secret: string): boolean {
  const parts = Object.fromEntries(signature.split(",").map((part) => part.split("=", 2)));
  const expected = createHmac("sha256", secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

test("an admin adds a webhook channel, sends it a test, and sees a dead event's alert delivered, signed", async ({ page }) => {
  test.setTimeout(180_000);
  await signInAsNewUser(page, "admin");
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Alert channels" }).click();
  await expect(page.getByRole("heading", { name: "Add a channel" })).toBeVisible();

  await page.getByLabel("Kind", { exact: true }).selectOption("webhook");
  await page.getByLabel("Name", { exact: true }).fill("e2e-hook");
  await page.getByLabel("Webhook URL").fill(receiverUrl);
  await page.getByRole("button", { name: "Add channel" }).click();
  const secret = (await page.getByTestId("new-signing-secret").textContent())!.trim();
  expect(secret).toMatch(/^hwsec_[0-9a-f]{64}$/);
  await page.getByRole("button", { name: "I have stored it" }).click();

  const row = page.locator('[data-testid="alert-channel-row"][data-name="e2e-hook"]');
  await expect(row).toContainText(new URL(receiverUrl).host);
  await expect(page.locator("body")).not.toContainText("e2e-path-token");
  await expect(page.locator("body")).not.toContainText(secret);
  await expectNoSeriousA11yViolations(page);

  await row.getByRole("button", { name: "Send a test message to e2e-hook" }).click();
  await expect(page.getByText(/Test message delivered to e2e-hook/)).toBeVisible();
  await expect(row.getByTestId("last-message")).toHaveAttribute("data-outcome", "delivered");
  expect(received).toHaveLength(1);
  expect(verifies(received[0]!, secret)).toBe(true);
  expect(JSON.parse(received[0]!.body)).toMatchObject({ type: "test", test: true, channel: "e2e-hook" });

  // A real problem: an event processing gives up on. Its alert reaches the channel once, within a dispatcher tick.
  await hookwarden(["simulate", "--scenario", "malformed", "--url", `http://localhost:${process.env.E2E_PORT}`]);
  await expect(async () => {
    await page.reload();
    await expect(page.locator('[data-testid="alert-delivery-row"][data-channel="e2e-hook"][data-status="delivered"]')).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
  const alert = received.find((message) => (JSON.parse(message.body) as { type: string }).type === "alert")!;
  expect(verifies(alert, secret)).toBe(true);
  expect(JSON.parse(alert.body)).toMatchObject({ alerts: [{ change: "opened", kind: "event_dead", severity: "critical" }] });
});
