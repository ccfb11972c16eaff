import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { hookwarden, openEvent, signInAsNewUser } from "./support/console";

// The spec works on an endpoint of its own (made with the CLI), never `default`: other specs'
// deliveries must not be held. It closes its breaker at the end, so the overview of later specs
// shows no open breaker.

const HELD_TYPE = "payment_intent.succeeded";

/** A new endpoint with one signing secret, as an admin sets it up with the CLI. */
async function endpointWithSecret(): Promise<{ name: string; secret: string }> {
  const name = `gk-${randomBytes(4).toString("hex")}`;
  const secret = `whsec_${randomBytes(24).toString("base64url").replace(/-/g, "x")}`;
  await hookwarden(["endpoint", "add", name]);
  await hookwarden(["secret", "add", name, "--secret", secret]);
  return { name, secret };
}

/** `hookwarden simulate --scenario checkout` to the endpoint: a registered payment, signed as Stripe would; the Stripe id of its payment_intent.succeeded. */
async function sendCheckout(endpoint: { name: string; secret: string }): Promise<string> {
  const stdout = await hookwarden(["simulate", "--scenario", "checkout", "--endpoint", endpoint.name, "--secret", endpoint.secret, "--url", `http://localhost:${process.env.E2E_PORT}`]);
  const id = new RegExp(`^200\\s+${HELD_TYPE.replace(".", "\\.")}\\s+(evt_\\w+)`, "m").exec(stdout)?.[1];
  expect(id, stdout).toBeTruthy();
  return id!;
}

async function signedIn(browser: Browser, role: "viewer" | "operator" | "admin"): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAsNewUser(page, role);
  return page;
}

/** The breaker panel of this endpoint on /gatekeeper, once the page shows `held` events held by it. */
async function panelHolding(page: Page, endpoint: string, held: number) {
  const panel = page.locator(`[data-testid="breaker"][data-endpoint="${endpoint}"]`);
  await expect(async () => {
    await page.goto("/gatekeeper");
    await expect(panel.getByTestId("held-event")).toHaveCount(held, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  return panel;
}

test.beforeAll(async ({ request }) => {
  test.setTimeout(240_000);
  // npm run dev compiles each page on its first request: do it before the clocks of the tests start.
  for (const path of ["/sign-in", "/account/password", "/gatekeeper", "/gatekeeper/decisions", "/gatekeeper/sources", "/audit"]) {
    await request.get(path, { maxRedirects: 0, timeout: 120_000 });
  }
});

test("an admin forces a breaker open, held payments show with why, a viewer sees no buttons, an operator releases one then all, and the audit log has it", async ({ browser }) => {
  test.setTimeout(240_000);
  const endpoint = await endpointWithSecret();
  const reason = "e2e: leaked signing secret suspected";

  // The admin forces the endpoint's breaker open for payment_intent.succeeded only.
  const admin = await signedIn(browser, "admin");
  await admin.goto("/gatekeeper");
  await admin.getByTestId("force-open").click();
  const dialog = admin.getByTestId("force-open-dialog");
  await dialog.getByLabel("Endpoint").selectOption(endpoint.name);
  for (const box of await dialog.getByRole("checkbox").all()) {
    if ((await box.getAttribute("value")) !== HELD_TYPE) await box.uncheck();
  }
  await expect(dialog).toContainText("keeps failing for about 9 days is disabled by Stripe");
  await dialog.getByTestId("confirm-force-open").click();
  await expect(dialog.getByText("A reason is required.")).toBeVisible();
  await dialog.getByLabel("Reason").fill(reason);
  await dialog.getByTestId("confirm-force-open").click();
  await expect(dialog).toBeHidden();

  // Signed, registered payments arrive: recorded and acknowledged (simulate fails on anything but 200), their success held.
  const first = await sendCheckout(endpoint);
  const second = await sendCheckout(endpoint);
  const panel = await panelHolding(admin, endpoint.name, 2);
  await expect(panel).toHaveAttribute("data-state", "open");
  await expect(panel.getByTestId("breaker-why")).toContainText(`Forced open by`);
  await expect(panel.getByTestId("breaker-why")).toContainText(reason);
  await expect(panel.getByTestId("breaker-meaning")).toContainText("recorded and acknowledged to Stripe, but their effects are held until released");
  await expect(panel.getByTestId("held-count")).toHaveText("2 held");
  for (const id of [first, second]) await expect(panel.locator(`[data-testid="held-event"][data-event-id="${id}"]`)).toContainText(reason);
  await expect(panel.getByTestId("force-close")).toBeVisible();
  await expect(panel.getByTestId("shed")).toBeVisible();
  await expectNoSeriousA11yViolations(admin);
  await admin.goto("/overview");
  await expect(admin.locator(`[data-testid="breakers-open-endpoint"][data-endpoint="${endpoint.name}"]`)).toContainText("2 held");
  await expect(admin.locator('[data-stat="open-breakers"]')).toHaveAttribute("href", "/gatekeeper");
  expect(Number(await admin.locator('[data-stat="open-breakers"] [data-value]').innerText())).toBeGreaterThanOrEqual(1);

  // A viewer sees the breaker, why and what it holds, and not one button.
  const viewer = await signedIn(browser, "viewer");
  const viewerPanel = await panelHolding(viewer, endpoint.name, 2);
  await expect(viewerPanel.getByTestId("breaker-why")).toContainText(reason);
  await expect(viewerPanel.getByTestId("breaker-actions")).toHaveCount(0);
  await expect(viewerPanel.getByRole("button", { name: /release|half-open|close|shed/i })).toHaveCount(0);
  await expect(viewerPanel.getByRole("checkbox")).toHaveCount(0);
  await expect(viewer.getByTestId("force-open")).toHaveCount(0);

  // An operator releases one event, then all the rest, each with a reason; neither force nor shed is offered.
  const operator = await signedIn(browser, "operator");
  const operatorPanel = await panelHolding(operator, endpoint.name, 2);
  await expect(operatorPanel.getByTestId("force-close")).toHaveCount(0);
  await expect(operatorPanel.getByTestId("shed")).toHaveCount(0);
  await operatorPanel.getByRole("checkbox", { name: `Select ${first}` }).check();
  await operator.getByTestId("release-selected").click();
  const confirm = operator.getByTestId("confirm-dialog");
  await confirm.getByLabel("Reason").fill("e2e: customer confirmed this payment in Stripe");
  await confirm.getByTestId("confirm-action").click();
  await expect(operatorPanel.getByTestId("held-event")).toHaveCount(1);
  await expect(operatorPanel.locator(`[data-testid="held-event"][data-event-id="${second}"]`)).toBeVisible();
  await operatorPanel.getByTestId("release-all").click();
  await confirm.getByLabel("Reason").fill("e2e: incident closed, the rest is genuine");
  await confirm.getByTestId("confirm-action").click();
  await expect(operatorPanel.getByTestId("held-count")).toHaveText("0 held");
  await expect(operatorPanel.getByTestId("held-event")).toHaveCount(0);

  // Released, they are applied: processed.
  await openEvent(operator, first, "processed", 30_000);
  await openEvent(operator, second, "processed", 30_000);

  // The audit log has the forced open and both releases, with who and why.
  await admin.goto("/audit?action=gatekeeper.*");
  const rows = admin.getByTestId("audit-row");
  await expect(rows.filter({ hasText: "gatekeeper.force_breaker" }).filter({ hasText: reason })).toHaveCount(1);
  await expect(rows.filter({ hasText: "gatekeeper.release_held" }).filter({ hasText: "e2e: customer confirmed this payment in Stripe" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "gatekeeper.release_held" }).filter({ hasText: "e2e: incident closed, the rest is genuine" })).toHaveCount(1);

  // The admin forces it closed again (the decisions say so), leaving no open breaker to later specs.
  const adminPanel = await panelHolding(admin, endpoint.name, 0);
  await adminPanel.getByTestId("force-close").click();
  await admin.getByTestId("confirm-dialog").getByLabel("Reason").fill("e2e: done");
  await admin.getByTestId("confirm-action").click();
  await expect(adminPanel).toHaveCount(0);
  await admin.goto(`/gatekeeper/decisions?endpoint=${endpoint.name}`);
  await expect(admin.getByTestId("decision").first()).toHaveAttribute("data-kind", "breaker_closed");
  await expect(admin.locator('[data-testid="decision"][data-kind="breaker_opened"]')).toContainText(reason);
  await expectNoSeriousA11yViolations(admin);
  await admin.goto("/gatekeeper/sources");
  await expect(admin.getByTestId("proxy-note")).toContainText("HOOKWARDEN_TRUSTED_PROXIES");
  await expect(admin.locator(`[data-testid="source-policy"][data-endpoint="${endpoint.name}"]`)).toHaveAttribute("data-policy", "monitor");
  await expectNoSeriousA11yViolations(admin);
});
