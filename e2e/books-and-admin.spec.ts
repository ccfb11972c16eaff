import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { hookwarden, signInAsNewUser } from "./support/console";

// On a cold `npm run dev`, each route compiles at its first request: warm them up, so a test's own timeouts measure the product.
test.beforeAll(async ({ request }) => {
  test.setTimeout(240_000);
  for (const path of ["/sign-in", "/api/auth/csrf", "/account/password", "/", "/transactions", "/transactions/x", "/customers", "/customers/cus_x", "/admin", "/admin/endpoints", "/audit", "/events/x"]) {
    await request.get(path, { maxRedirects: 0, timeout: 120_000 });
  }
});

/** `hookwarden simulate --scenario checkout`, returning the reference it registered. */
async function simulateCheckout(): Promise<string> {
  const stdout = await hookwarden(["simulate", "--scenario", "checkout", "--url", `http://localhost:${process.env.E2E_PORT}`]);
  const reference = /^ {2}(order_\w+)$/m.exec(stdout)?.[1];
  expect(reference, stdout).toBeTruthy();
  return reference!;
}

/** The payment's page, once processing (in the background) has made it `status`. */
async function openPaidTransaction(page: Page, reference: string) {
  await expect(async () => {
    await page.goto(`/transactions/${reference}`);
    await expect(page.locator("header [data-transaction-status]")).toHaveAttribute("data-transaction-status", "paid", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
}

test("a viewer finds a payment by its reference, sees it paid with its events, and opens the customer", async ({ page }) => {
  await signInAsNewUser(page, "viewer");
  const reference = await simulateCheckout();

  await page.getByRole("link", { name: "Transactions" }).click();
  await expect(page).toHaveURL(/\/transactions$/);
  await expect(page.getByTestId("transaction-row").filter({ hasText: reference })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("textbox", { name: "Reference", exact: true }).fill(reference);
  await page.getByRole("button", { name: "Look up" }).click();
  await expect(page).toHaveURL(new RegExp(`/transactions/${reference}$`));
  await openPaidTransaction(page, reference);
  await expect(page.getByRole("heading", { level: 1, name: reference })).toBeVisible();
  await expect(page.getByTestId("transaction-answer")).toContainText("$30.00");
  const events = page.getByTestId("book-event");
  await expect(events.filter({ hasText: "checkout.session.completed" })).toHaveCount(1);
  await expect(events.filter({ hasText: "payment_intent.succeeded" })).toHaveCount(1);
  await expect(events.first().getByRole("link")).toHaveAttribute("href", /^\/events\/[0-9a-f-]{36}$/);
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("link", { name: /^cus_/ }).click();
  await expect(page).toHaveURL(/\/customers\/cus_\w+$/);
  await expect(page.getByTestId("entitlements")).toContainText(reference);
  await expectNoSeriousA11yViolations(page);

  // A viewer has no admin section, and /admin answers as if it did not exist.
  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
  expect((await page.goto("/admin"))?.status()).toBe(404);
});

test("an admin creates an API key (shown once), revokes it, and changes an endpoint's policy with an audit entry", async ({ page }) => {
  const { email } = await signInAsNewUser(page, "admin");
  await page.getByRole("link", { name: "Admin" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expectNoSeriousA11yViolations(page);

  const name = `e2e-${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Role", { exact: true }).selectOption("operator");
  await page.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByTestId("new-api-key");
  await expect(shown).toHaveText(/^hwk_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/);
  const key = (await shown.textContent())!;
  const prefix = key.split("_")[1]!;
  await expect(page.getByRole("button", { name: "Copy the API key" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("button", { name: "I have stored it" }).click();

  // Reloaded, the page shows only the prefix: the key itself is nowhere in it.
  await page.reload();
  const row = page.getByTestId("api-key-row").filter({ hasText: name });
  await expect(row).toContainText(`hwk_${prefix}_…`);
  expect(await page.content()).not.toContain(key);

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog.getByTestId("confirm-action")).toBeDisabled();
  await dialog.getByLabel("Reason").fill("e2e: rotating the key");
  await dialog.getByTestId("confirm-action").click();
  await expect(row).toContainText("Revoked");
  const refused = await page.request.get("/api/v1/events", { headers: { authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);

  await page.getByRole("link", { name: "Endpoints" }).click();
  await expect(page).toHaveURL(/\/admin\/endpoints$/);
  await expectNoSeriousA11yViolations(page);
  const endpoint = page.locator('[data-testid="endpoint-settings"][data-endpoint="default"]');
  const allow = endpoint.getByRole("radio", { name: /Allow them/ });
  const wanted = (await allow.isChecked()) ? /Quarantine them/ : /Allow them/;
  await endpoint.getByRole("radio", { name: wanted }).check();
  await endpoint.getByRole("button", { name: "Save default" }).click();
  await expect(page.getByText("default: saved, and recorded in the audit log.")).toBeVisible();

  await page.goto("/audit?action=endpoints.update&subject=endpoint:default");
  await expect(page.getByTestId("audit-row").filter({ hasText: email }).first()).toContainText("endpoints.update");
  await page.goto("/audit?action=api_keys.*");
  await expect(page.getByTestId("audit-row").filter({ hasText: "api_keys.revoke" }).filter({ hasText: email })).toHaveCount(1);
});

test("keyboard: j and k move through the transactions list and Enter opens one; with several lists on a page, they stay in the one with the focus", async ({ page }) => {
  await signInAsNewUser(page, "viewer");
  await simulateCheckout();
  const reference = await simulateCheckout();
  await openPaidTransaction(page, reference);

  await page.goto("/transactions");
  const rows = page.getByTestId("transaction-row");
  await expect(rows.filter({ hasText: reference })).toHaveCount(1);
  expect(await rows.count()).toBeGreaterThanOrEqual(2);
  await page.getByRole("heading", { name: "Transactions", level: 1 }).click();
  // Until the page has hydrated a key does nothing, so the first `j` is repeated until it lands (it cannot overshoot).
  await expect(async () => {
    await page.keyboard.press("j");
    await expect(rows.nth(0)).toBeFocused({ timeout: 1_000 });
  }).toPass();
  await expect(rows.nth(0)).toHaveAttribute("data-active", "true");
  await page.keyboard.press("j");
  await expect(rows.nth(1)).toBeFocused();
  await expect(rows.nth(1)).toHaveAttribute("data-active", "true");
  await expect(rows.nth(0)).toHaveAttribute("data-active", "false");
  await page.keyboard.press("k");
  await expect(rows.nth(0)).toBeFocused();
  const first = (await rows.nth(0).getByRole("link").innerText()).trim();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/transactions/${first}$`));

  // A customer's page has two lists here (the payment, then its events): `j` starts in the first,
  // and once a row of the second has the focus, `j`/`k` move in that one.
  await openPaidTransaction(page, reference);
  await page.getByRole("link", { name: /^cus_/ }).click();
  await expect(page).toHaveURL(/\/customers\/cus_\w+$/);
  const payments = page.getByTestId("transaction-row");
  const events = page.getByTestId("book-event");
  await expect(payments).toHaveCount(1);
  await expect(events).toHaveCount(4);
  await page.getByRole("heading", { level: 1 }).click();
  await expect(async () => {
    await page.keyboard.press("j");
    await expect(payments.nth(0)).toBeFocused({ timeout: 1_000 });
  }).toPass();
  await events.nth(1).getByRole("cell").last().click();
  await expect(events.nth(1)).toBeFocused();
  await page.keyboard.press("j");
  await expect(events.nth(2)).toBeFocused();
  await page.keyboard.press("k");
  await page.keyboard.press("k");
  await expect(events.nth(0)).toBeFocused();
  await expect(payments.nth(0)).toHaveAttribute("data-active", "true");
  await expect(events.nth(0)).toHaveAttribute("data-active", "true");
});
