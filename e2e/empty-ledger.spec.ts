import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, useTheme } from "./support/axe";
import { createApiKeyWithCli, signInAsNewUser } from "./support/console";

// Runs before every other spec (the "empty-ledger" project in playwright.config.ts), while the
// run's fresh database has no event yet: the only moment the console's "no events yet" states exist.

test("with no events yet, the overview and the events list teach the next step and have no serious accessibility violations", async ({ page, request }) => {
  // The ledger's emptiness is read from the REST API, not from the page under test. Only a reused
  // E2E_DATA_DIR can hold events here; then there is no empty state to check.
  const key = await createApiKeyWithCli("viewer");
  const ledger = await request.get("/api/v1/events?limit=1", { headers: { authorization: `Bearer ${key}` } });
  expect(ledger.status()).toBe(200);
  const { data } = (await ledger.json()) as { data: unknown[] };
  test.skip(data.length > 0, "the ledger already holds events (a reused E2E_DATA_DIR): no empty state to check");

  await useTheme(page, "light");
  await signInAsNewUser(page, "viewer");
  for (const theme of ["light", "dark"] as const) {
    await page.evaluate((value) => window.localStorage.setItem("hookwarden-theme", value), theme);

    await page.goto("/overview");
    await expect(page.locator("html")).toHaveClass(theme === "dark" ? /\bdark\b/ : /^(?!.*\bdark\b)/);
    await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
    const overviewEmpty = page.getByRole("region", { name: "No events yet" });
    await expect(overviewEmpty).toContainText(`stripe listen --forward-to localhost:${process.env.E2E_PORT}/api/stripe/webhook`);
    await expect(overviewEmpty).toContainText("npx hookwarden simulate --scenario checkout");
    await expect(page.locator("[data-stat]")).toHaveCount(0);
    await expectNoSeriousA11yViolations(page);

    await page.goto("/");
    const listEmpty = page.getByRole("region", { name: "No events yet" });
    await expect(listEmpty).toContainText("stripe listen --forward-to");
    await expect(listEmpty).toContainText("npx hookwarden simulate");
    await expectNoSeriousA11yViolations(page);
  }
});
