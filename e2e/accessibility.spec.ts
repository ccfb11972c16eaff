import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { signInAsNewUser } from "./support/console";
import { seedRun } from "./support/reconciliation";

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

test("the reconciliation page and a run's page have no serious accessibility violations", async ({ page }) => {
  const run = await seedRun({
    kind: "drift_audit",
    status: "succeeded",
    dryRun: true,
    requestedBy: "cli",
    startedSecondsAgo: 300,
    tookSeconds: 12,
    findings: [
      { kind: "subscription_missing", subject: "subscription:sub_a11yMissing", ours: null, stripe: { customer: "cus_a11y", status: "active", price: "price_1", quantity: 1, entitled: true } },
      { kind: "transaction_unpaid_here", subject: "transaction:order_a11y", ours: { status: "pending", paidBy: null }, stripe: { paymentIntent: "pi_a11y", status: "succeeded", amountReceived: 3000, currency: "usd" } },
    ],
  });
  await seedRun({ kind: "missed_events", status: "running", requestedBy: "system", startedSecondsAgo: 20 });
  await signInAsNewUser(page, "operator");
  for (const path of ["/reconciliation", `/reconciliation/${run}`]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  }
});
