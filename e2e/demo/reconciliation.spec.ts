import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "../support/axe";
import { openEvent, signInAsNewUser, simulateScenario } from "../support/console";

// Demo mode: the server answers for Stripe with its local fake, and `hookwarden simulate` tells the
// fake what Stripe "knows" (playwright.demo.config.ts). So runs, repairs and Reconcile work end to end.

test.beforeAll(async ({ request }) => {
  test.setTimeout(240_000);
  for (const path of ["/sign-in", "/account/password", "/reconciliation", "/reconciliation/00000000-0000-4000-8000-000000000000", "/events/x", "/overview"]) {
    await request.get(path, { maxRedirects: 0, timeout: 120_000 });
  }
});

test("an operator starts a drift audit dry run from the page, watches it finish with its finding, and repairs it in one click", async ({ page }) => {
  await signInAsNewUser(page, "operator");
  // A subscription mirrored as active, then cancelled at Stripe with no webhook.
  const { eventIds } = await simulateScenario("drift");
  await openEvent(page, eventIds["customer.subscription.updated"]!, "processed", 30_000);

  await page.goto("/reconciliation");
  const form = page.getByTestId("start-run");
  await expect(form.getByTestId("endpoint-key-state")).toContainText("Demo mode: the local Stripe fake answers for Stripe");
  await form.getByRole("radio", { name: /Drift audit/ }).check();
  await form.getByRole("checkbox", { name: /Dry run/ }).check();
  await form.getByTestId("start-run-button").click();
  const confirm = page.getByTestId("confirm-dialog");
  await expect(confirm).toContainText("Start a drift audit dry run on default?");
  await expect(confirm).toContainText("Reports each difference as a finding and repairs nothing");
  await confirm.getByTestId("confirm-action").click();

  await expect(page).toHaveURL(/\/reconciliation\/[0-9a-f-]{36}$/);
  const progress = page.getByTestId("run-progress");
  await expect(progress).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  await expect(page.getByTestId("live-run-refresh")).toHaveCount(0);
  await expect(progress.locator('[data-figure="Requests"] dd').first()).not.toHaveText("0");
  const finding = page.getByTestId("finding-row").filter({ hasText: "Subscription drift" });
  await expect(finding).toHaveCount(1);
  await expect(finding).toHaveAttribute("data-status", "open");
  await expect(finding.locator("dd", { hasText: "canceled" })).toContainText("(differs)");
  await expect(finding.locator("dd", { hasText: "active" })).toContainText("(differs)");
  await expectNoSeriousA11yViolations(page);

  await finding.getByTestId("repair-finding").click();
  await page.getByTestId("confirm-dialog").getByTestId("confirm-action").click();
  await expect(page.getByText(/^Repaired sub_\w+: the repair went into the ledger/)).toBeVisible();
  await expect(finding).toHaveAttribute("data-status", "repaired");

  // The repair went through the normal effect path: a repair event, made by this run, processed.
  await finding.getByRole("link", { name: "Repair event" }).click();
  await expect(page.getByTestId("event-provenance")).toContainText("Repair built from Stripe's current object by run");
  await expect(page.locator("header [data-status]").first()).toHaveAttribute("data-status", "processed", { timeout: 30_000 });

  // And the history says who ran it and what it found.
  await page.goto("/reconciliation");
  const row = page.getByTestId("run-row").first();
  await expect(row).toContainText("Drift audit");
  await expect(row).toContainText("Dry run");
  await expect(row).toContainText("Succeeded");
});

test("Reconcile on an event's page: Stripe knows a delivered payment and agrees; it does not know a forged one", async ({ page }) => {
  await signInAsNewUser(page, "operator");
  const checkout = await simulateScenario("checkout");
  const paid = checkout.eventIds["checkout.session.completed"]!;
  await openEvent(page, paid, "processed", 30_000);
  await expect(page.getByTestId("event-provenance")).toContainText("Confirmed by Stripe");
  await page.getByTestId("reconcile-event").click();
  const dialog = page.getByRole("dialog", { name: "Reconcile with Stripe" });
  await expect(dialog.getByTestId("stripe-knows")).toHaveAttribute("data-knows", "yes");
  await expect(dialog.getByTestId("delivered-vs-copy")).toContainText("amount");
  await expect(dialog.getByTestId("delivered-vs-copy").locator("[data-differs]")).toHaveCount(0);
  await expect(dialog.getByTestId("cannot-apply")).toContainText("This event is processed");
  await expectNoSeriousA11yViolations(page, { include: ["[role=dialog]"] });
  await page.keyboard.press("Escape");

  const forged = await simulateScenario("forged");
  await openEvent(page, forged.eventIds["payment_intent.succeeded"]!, "quarantined", 30_000);
  await page.getByTestId("reconcile-event").click();
  await expect(dialog.getByTestId("stripe-knows")).toHaveAttribute("data-knows", "no");
  await expect(dialog.getByTestId("cannot-apply")).toContainText("There is no copy to apply");
});
