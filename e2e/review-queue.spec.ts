import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { signInAsNewUser, simulateScenario } from "./support/console";
import { e2eSql } from "./support/database";

test("an operator reviews a card-testing sequence (score, reasons, timeline), dismisses it with a reason, and it leaves the queue for the audit log", async ({ page, browser }) => {
  test.setTimeout(180_000);
  // Twelve cards tried within four minutes by one customer, most declined: the scenario the empty queue teaches.
  const { eventIds } = await simulateScenario("card-testing");
  const declined = eventIds["charge.failed"]!;
  expect(declined).toBeTruthy();
  // Processing runs in the background: wait for the review it opens (the one of this customer: other specs may have opened others).
  let reviewId = "";
  await expect(async () => {
    const rows = await e2eSql<{ id: string }>(
      `SELECT r.id FROM review_item r JOIN stripe_event e ON e.customer_id = r.customer_id AND e.endpoint_id = r.endpoint_id WHERE e.stripe_event_id = $1 AND r.status = 'open'`,
      [declined],
    );
    expect(rows).toHaveLength(1);
    reviewId = rows[0]!.id;
  }).toPass({ timeout: 30_000 });

  // A viewer sees it, masked, with no way to decide it.
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await signInAsNewUser(viewer, "viewer");
  await viewer.goto(`/reviews/${reviewId}`);
  await expect(viewer.getByTestId("review-timeline")).toBeVisible();
  await expect(viewer.getByRole("button", { name: /Dismiss|Confirm fraud/ })).toHaveCount(0);
  await viewerContext.close();

  await signInAsNewUser(page, "operator");
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: /^Reviews/ }).click();
  await expect(page).toHaveURL(/\/reviews$/);
  const row = page.locator(`[data-testid="review-row"][data-review-id="${reviewId}"]`);
  await expect(row).toBeVisible();
  await expect(row.locator("[data-score]")).toHaveAttribute("data-level", /elevated|highest/);
  await expect(row).toContainText("Card testing");
  await expectNoSeriousA11yViolations(page);

  await row.getByRole("link", { name: "Card testing" }).click();
  await expect(page).toHaveURL(new RegExp(`/reviews/${reviewId}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Card testing on customer cus_");
  const score = Number(await page.locator("header [data-score]").getAttribute("data-score"));
  expect(score).toBeGreaterThanOrEqual(65);
  // The reasons: each feature with what was seen, its weight and its points.
  const reasons = page.getByTestId("review-reason");
  expect(await reasons.count()).toBeGreaterThanOrEqual(3);
  await expect(reasons.filter({ hasText: "Distinct cards" })).toContainText(/\d+ cards within 24 hours/);
  await expect(reasons.filter({ hasText: "Small amounts" })).toBeVisible();
  // The timeline: the declines and successes in order, each card by brand and last 4, linking to its event.
  const entries = page.getByTestId("timeline-entry");
  expect(await entries.count()).toBeGreaterThanOrEqual(10);
  await expect(entries.first()).toContainText("Declined");
  await expect(entries.first()).toContainText("••••");
  await expect(entries.filter({ hasText: "insufficient_funds" }).first()).toBeVisible();
  await expect(page.getByTestId("review-timeline").getByRole("link", { name: /charge\.failed/ }).first()).toHaveAttribute("href", /^\/events\/[0-9a-f-]{36}$/);
  // No e-mail address or card fingerprint reaches the browser.
  expect(await page.content()).not.toContain("card.tester@example.com");
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("button", { name: "Dismiss" }).click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog.getByTestId("confirm-action")).toBeDisabled();
  const reason = "QA team testing declines in production, ticket #5120";
  await dialog.getByLabel("Reason").fill(reason);
  await dialog.getByTestId("confirm-action").click();
  await expect(page).toHaveURL(/\/reviews$/);
  await expect(page.locator(`[data-testid="review-row"][data-review-id="${reviewId}"]`)).toHaveCount(0);
  await page.getByRole("link", { name: /^Dismissed/ }).click();
  await expect(page.locator(`[data-testid="review-row"][data-review-id="${reviewId}"]`)).toBeVisible();

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signInAsNewUser(admin, "admin");
  await admin.goto("/audit?action=reviews.dismiss");
  const entry = admin.getByTestId("audit-row").filter({ hasText: reviewId });
  await expect(entry).toContainText("reviews.dismiss");
  await expect(entry).toContainText(reason);
  await adminContext.close();
});
