import { expect, test } from "@playwright/test";
import { RECONCILIATION_KINDS } from "../server/reconcile/reconciliation-kinds";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { hookwarden, openEvent, signInAsNewUser, simulateScenario } from "./support/console";
import { e2eSql } from "./support/database";
import { seedRun } from "./support/reconciliation";

// On a cold `npm run dev`, each route compiles at its first request: warm them up, so a test's own timeouts measure the product.
test.beforeAll(async ({ request }) => {
  test.setTimeout(240_000);
  for (const path of ["/sign-in", "/account/password", "/reconciliation", "/reconciliation/00000000-0000-4000-8000-000000000000", "/overview", "/admin/endpoints", "/events/x"]) {
    await request.get(path, { maxRedirects: 0, timeout: 120_000 });
  }
});

test("a viewer opens Reconciliation from the sidebar: the empty state explains each run, the Stripe key and demo mode, and there is nothing to start", async ({ page }) => {
  // Runs in this database are fixtures of earlier specs (without a Stripe account, the product makes none): the empty state needs none.
  await e2eSql(`DELETE FROM reconciliation_run`);
  await signInAsNewUser(page, "viewer");
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Reconciliation" }).click();
  await expect(page).toHaveURL(/\/reconciliation$/);
  await expect(page.getByRole("heading", { level: 1, name: "Reconciliation" })).toBeVisible();

  const empty = page.getByRole("region", { name: "No reconciliation runs yet" });
  for (const description of Object.values(RECONCILIATION_KINDS)) await expect(empty).toContainText(description.slice(description.indexOf(":") + 2));
  await expect(empty).toContainText("npx hookwarden endpoint set-stripe-key default");
  await expect(empty).toContainText("STRIPE_API_KEY=rk_test_… npm run dev");
  await expect(empty).toContainText("HOOKWARDEN_DEMO_STRIPE=1 npm run dev");
  await expect(page.getByTestId("start-run")).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
});

test("an operator is told the default endpoint has no Stripe key before starting anything, and sees the recovery's own options", async ({ page }) => {
  await signInAsNewUser(page, "operator");
  await page.goto("/reconciliation");
  const form = page.getByTestId("start-run");
  await expect(form.getByRole("radio", { name: /Drift audit/ })).toBeChecked();
  await expect(form.getByTestId("endpoint-key-state")).toContainText("No Stripe API key for this endpoint");
  await expect(form.getByTestId("endpoint-key-state")).toContainText("npx hookwarden endpoint set-stripe-key default");
  await expect(form.getByTestId("start-run-button")).toBeDisabled();

  await expect(form.getByLabel(/^Since/)).toHaveCount(0);
  await form.getByRole("radio", { name: /Missed-event recovery/ }).check();
  await expect(form.getByLabel(/^Since/)).toBeVisible();
  await expect(form.getByRole("checkbox", { name: /All events, not only failed deliveries/ })).not.toBeChecked();
  await expect(form.getByTestId("start-run-button")).toHaveText(/Start missed-event recovery/);
});

test("the history lists runs newest first; a run's findings show ours against Stripe's, and Repair says why it cannot without a key, changing nothing", async ({ page }) => {
  await signInAsNewUser(page, "operator");
  const older = await seedRun({ kind: "missed_events", status: "failed", requestedBy: "system", startedSecondsAgo: 7_200, tookSeconds: 95, error: "Stripe could not be asked for events (page after the start): connection refused" });
  const audit = await seedRun({
    kind: "drift_audit",
    status: "succeeded",
    dryRun: true,
    requestedBy: "cli",
    startedSecondsAgo: 600,
    tookSeconds: 42,
    findings: [
      { kind: "subscription_drift", subject: "subscription:sub_e2eDrift", ours: { customer: "cus_e2eDrift", status: "active", quantity: 1 }, stripe: { customer: "cus_e2eDrift", status: "canceled", quantity: 1 } },
      { kind: "transaction_paid_here", subject: "transaction:order_e2e_paid", ours: { status: "paid", paidBy: "pi_e2e" }, stripe: { paymentIntent: "pi_e2e", status: "requires_payment_method", amountReceived: 0, currency: "usd" } },
    ],
  });

  await page.goto("/reconciliation");
  const rows = page.getByTestId("run-row");
  await expect(rows.first()).toHaveAttribute("data-run-id", audit);
  await expect(rows.nth(1)).toHaveAttribute("data-run-id", older);
  await expect(rows.first()).toContainText("Drift audit");
  await expect(rows.first()).toContainText("Dry run");
  await expect(rows.first()).toContainText("Succeeded");
  await expect(rows.first()).toContainText("42 s");
  await expect(rows.first()).toContainText("the CLI");
  await expect(rows.nth(1)).toContainText("Failed");
  await expect(rows.nth(1)).toContainText("the schedule");
  await expect(rows.nth(1)).toContainText("1 min");

  await rows.first().getByRole("link", { name: "Drift audit" }).click();
  await expect(page).toHaveURL(new RegExp(`/reconciliation/${audit}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Drift audit" })).toBeVisible();
  await expect(page.getByTestId("run-progress")).toHaveAttribute("data-status", "succeeded");
  const drift = page.getByTestId("finding-row").filter({ hasText: "sub_e2eDrift" });
  await expect(drift).toContainText("The mirror's subscription differs from Stripe's.");
  await expect(drift.getByRole("link", { name: "sub_e2eDrift" })).toHaveAttribute("href", "/customers/cus_e2eDrift");
  await expect(drift.locator("dd", { hasText: "canceled" })).toContainText("(differs)");
  await expect(drift.locator("dd", { hasText: /^1$/ }).first()).not.toContainText("differs");
  const paidHere = page.getByTestId("finding-row").filter({ hasText: "order_e2e_paid" });
  await expect(paidHere.getByRole("link", { name: "order_e2e_paid" })).toHaveAttribute("href", "/transactions/order_e2e_paid");
  await expect(paidHere.getByTestId("repair-finding")).toHaveCount(0);

  await drift.getByTestId("repair-finding").click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog).toContainText("customer.subscription.updated");
  await dialog.getByTestId("confirm-action").click();
  await expect(dialog.getByRole("alert")).toHaveText("The run's endpoint has no Stripe API key any more.");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(drift).toHaveAttribute("data-status", "open");

  // A viewer reads the same page and gets no Repair button.
  await page.context().clearCookies();
  await signInAsNewUser(page, "viewer");
  await page.goto(`/reconciliation/${audit}`);
  await expect(page.getByTestId("finding-row")).toHaveCount(2);
  await expect(page.getByTestId("repair-finding")).toHaveCount(0);
});

test("a run going on shows its progress live and stops refreshing once it has finished", async ({ page }) => {
  await signInAsNewUser(page, "viewer");
  const run = await seedRun({
    kind: "missed_events",
    status: "running",
    requestedBy: "cli",
    startedSecondsAgo: 30,
    progress: { pages: 3, objects: 240, requests: 5, rateLimitWaits: 0, rateLimitWaitMs: 0, throttled: 1, retries: 1, compared: 240, expected: null, requestRate: 4.2, allowedRate: 25 },
  });

  await page.goto("/reconciliation");
  await expect(page.getByTestId("running-run")).toContainText("Missed-event recovery");
  await page.getByTestId("running-run").getByRole("link", { name: /Open/ }).click();
  await expect(page).toHaveURL(new RegExp(`/reconciliation/${run}$`));
  const progress = page.getByTestId("run-progress");
  await expect(progress.getByRole("progressbar")).not.toHaveAttribute("aria-valuenow");
  await expect(progress.getByRole("progressbar")).toHaveAttribute("aria-valuetext", "240 objects, 3 pages so far");
  await expect(progress.locator('[data-figure="Request rate"]')).toContainText("4.2/s");
  await expect(progress.locator('[data-figure="Request rate"]')).toContainText("of 25/s allowed");
  await expect(progress.locator('[data-figure="Throttled"]')).toContainText("1");
  await expect(page.getByTestId("live-run-refresh")).toBeVisible();

  // The run moves on: the page follows without a reload.
  await e2eSql(`UPDATE reconciliation_run SET progress = jsonb_set(progress, '{pages}', '7'), findings = 2, heartbeat_at = now() WHERE id = $1::uuid`, [run]);
  await expect(progress.locator('[data-figure="Pages"]')).toContainText("7");
  await expect(progress.locator('[data-figure="Findings"]')).toContainText("2");

  await e2eSql(`UPDATE reconciliation_run SET status = 'succeeded', finished_at = now(), fraction = 1, repaired = 2 WHERE id = $1::uuid`, [run]);
  await expect(progress).toHaveAttribute("data-status", "succeeded");
  await expect(page.getByTestId("live-run-refresh")).toHaveCount(0);
  await expect(progress.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");

  // Finished, the page no longer asks the server for anything.
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.waitForTimeout(5_000);
  expect(requests).toEqual([]);
});

test("an event's page says where it came from and how long Stripe keeps it; Reconcile explains why it cannot ask without a key", async ({ page }) => {
  await signInAsNewUser(page, "operator");
  const eventId = (await simulateScenario("quarantine")).eventIds["checkout.session.completed"]!;
  await openEvent(page, eventId, "quarantined");
  const provenance = page.getByTestId("event-provenance");
  await expect(provenance).toContainText("Delivered by Stripe");
  await expect(provenance).toContainText("Not confirmed with Stripe");
  await expect(provenance.getByTestId("horizon-countdown")).toHaveText(/Stripe forgets this event in (29 d 23 h|30 d)/);

  await page.getByTestId("reconcile-event").click();
  const dialog = page.getByRole("dialog", { name: "Reconcile with Stripe" });
  await expect(dialog.getByRole("alert")).toHaveText("This event's endpoint has no Stripe API key, so Hookwarden cannot ask Stripe about it.");
  await expectNoSeriousA11yViolations(page, { include: ["[role=dialog]"] });
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(page.locator("header [data-status]").first()).toHaveAttribute("data-status", "quarantined");
});

test("the overview shows the 30-day horizon with the nearest deadline, and the open alerts", async ({ page }) => {
  await signInAsNewUser(page, "viewer");
  const eventId = (await simulateScenario("quarantine")).eventIds["checkout.session.completed"]!;
  const message = `e2e: the scheduled drift_audit run on "default" failed (${Date.now()})`;
  await e2eSql(`INSERT INTO alert (kind, severity, subject, message, dedup_key) VALUES ('reconciliation_failed', 'warning', 'endpoint:e2e', $1, 'reconciliation_failed:endpoint:e2e') ON CONFLICT (dedup_key) WHERE resolved_at IS NULL DO UPDATE SET message = excluded.message, at = now()`, [message]);
  await expect(async () => {
    await page.goto("/overview");
    await expect(page.getByTestId("horizon").locator('[data-horizon="unsettled"] dd').first()).not.toHaveText("0", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });

  const horizon = page.getByTestId("horizon");
  await expect(horizon).toContainText("30-day horizon");
  await expect(horizon.getByTestId("horizon-nearest")).toHaveAttribute("href", /^\/events\/[0-9a-f-]{36}$/);
  await expect(horizon.getByRole("link", { name: "See the unsettled events" })).toHaveAttribute("href", /status=received,queued,processing,failed,dead,quarantined,awaiting_link,held/);
  const alert = page.getByTestId("alert-row").filter({ hasText: message });
  await expect(alert).toContainText("Reconciliation failed");
  await expect(alert).toHaveAttribute("data-severity", "warning");
  expect(eventId).toMatch(/^evt_/);
  await expectNoSeriousA11yViolations(page);
});

test("an admin sets an endpoint's Stripe key (never shown back), removes it, and edits thin events and the confirm-with-source list", async ({ page }) => {
  const name = `keys-${Date.now().toString(36)}`;
  await hookwarden(["endpoint", "add", name]);
  await signInAsNewUser(page, "admin");
  await page.goto("/admin/endpoints");
  const card = page.locator(`[data-testid="endpoint-settings"][data-endpoint="${name}"]`);
  const state = card.getByTestId("stripe-key-state");
  await expect(state).toHaveAttribute("data-source", "none");

  const key = `rk_test_e2e${Date.now()}secret`;
  const field = card.getByTestId("stripe-key").locator('input[type="password"]');
  await expect(field).toHaveAccessibleName("Restricted key");
  await field.fill(key);
  await card.getByRole("button", { name: "Set key" }).click();
  await expect(state).toHaveAttribute("data-source", "endpoint");
  await expect(state).toContainText(/fingerprint [0-9a-f]{12}/);
  await expect(field).toHaveValue("");
  expect(await page.content()).not.toContain(key);
  await page.reload();
  expect(await page.content()).not.toContain(key);

  await card.getByRole("button", { name: "Remove key" }).click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog).toContainText("Confirm with source stops");
  await dialog.getByTestId("confirm-action").click();
  await expect(state).toHaveAttribute("data-source", "none");

  const types = card.getByTestId("confirm-types");
  await expect(types).toContainText("Default list");
  await types.getByRole("button", { name: "Remove charge.succeeded" }).click();
  await types.getByLabel("Event type to confirm").fill("invoice.payment_succeeded");
  await types.getByRole("button", { name: "Add" }).click();
  await card.getByRole("checkbox", { name: /Thin events/ }).check();
  await card.getByRole("button", { name: `Save ${name}` }).click();
  await expect(page.getByText(`${name}: saved, and recorded in the audit log.`)).toBeVisible();
  await page.reload();
  await expect(types).toContainText("This endpoint's list");
  await expect(types.locator('[data-type="invoice.payment_succeeded"]')).toBeVisible();
  await expect(types.locator('[data-type="charge.succeeded"]')).toHaveCount(0);
  await expect(card.getByRole("checkbox", { name: /Thin events/ })).toBeChecked();
  await expectNoSeriousA11yViolations(page);

  await types.getByRole("button", { name: "Restore default" }).click();
  await card.getByRole("button", { name: `Save ${name}` }).click();
  await expect(page.getByText(`${name}: saved, and recorded in the audit log.`).last()).toBeVisible();
  await page.reload();
  await expect(types).toContainText("Default list");
  await expect(types.locator('[data-type="charge.succeeded"]')).toBeVisible();

  await page.goto(`/audit?action=endpoints.set_stripe_key&subject=endpoint:${name}`);
  await expect(page.getByTestId("audit-row")).toHaveCount(2);
  expect(await page.content()).not.toContain(key);
});
