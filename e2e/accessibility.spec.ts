import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { signInAsNewUser } from "./support/console";

// Pages with their own specs (/, /events/{id}, /quarantine) are checked there; these are the rest.
test("the sign-in page has no serious accessibility violations", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in to Hookwarden" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test("the admin pages and the password page have no serious accessibility violations", async ({ page }) => {
  await signInAsNewUser(page, "admin");
  for (const path of ["/users", "/audit", "/account/password"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  }
});
