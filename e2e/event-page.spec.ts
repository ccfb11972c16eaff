import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { hookwarden, openEvent, signInAsNewUser } from "./support/console";

/** Sends one scenario with the CLI and returns the Stripe id of the event of `type` it sent. */
async function simulate(scenario: string, type: string): Promise<string> {
  const stdout = await hookwarden(["simulate", "--scenario", scenario, "--url", `http://localhost:${process.env.E2E_PORT}`]);
  const id = new RegExp(`${type.replaceAll(".", "\\.")}\\s+(evt_\\w+)`).exec(stdout)?.[1];
  expect(id, stdout).toBeTruthy();
  return id!;
}

test("an admin releases a quarantined event with a reason, and sees the effect and the audit entry", async ({ page }) => {
  const { email } = await signInAsNewUser(page, "admin");
  const eventId = await simulate("quarantine", "checkout.session.completed");
  await openEvent(page, eventId, "quarantined");
  await expect(page.getByTestId("evidence")).toContainText("amount");
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("button", { name: "Release" }).click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog.getByTestId("confirm-action")).toBeDisabled(); // no reason yet
  await dialog.getByLabel("Reason").fill("customer paid the difference by bank transfer");
  await dialog.getByTestId("confirm-action").click();

  await expect(page.locator("header [data-status]").first()).toHaveAttribute("data-status", "processed");
  await expect(page.getByRole("button", { name: "Release" })).toHaveCount(0);
  await expect(page.getByText(/pending → paid/).first()).toBeVisible();

  await page.goto(`/audit?action=events.release`);
  const entry = page.getByTestId("audit-row").filter({ hasText: eventId });
  await expect(entry).toContainText("events.release");
  await expect(entry).toContainText(email);
});

test("a viewer sees the payload masked and no actions", async ({ page }) => {
  await signInAsNewUser(page, "viewer");
  const eventId = await simulate("checkout", "checkout.session.completed");
  await openEvent(page, eventId, "processed");
  await expect(page.getByText("checkout.session.completed").first()).toBeVisible();
  await expect(page.getByText("cus_", { exact: false }).first()).toBeVisible();
  // The customer's e-mail address and name never reach a viewer's browser, not even hidden.
  const html = await page.content();
  expect(html).not.toContain("jenny.rosen@example.com");
  expect(html).not.toContain("Jenny Rosen");
  await expect(page.getByRole("button", { name: /^(Replay|Release|Reject)$/ })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
});

test("an operator rejects two quarantined events at once from the quarantine page, with one reason", async ({ page }) => {
  await signInAsNewUser(page, "operator");
  const first = await simulate("quarantine", "checkout.session.completed");
  const second = await simulate("quarantine", "checkout.session.completed");
  await openEvent(page, second, "quarantined");
  await openEvent(page, first, "quarantined");

  await page.goto("/quarantine");
  await expect(page.getByRole("heading", { name: "Quarantine", level: 1 })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel(`Select ${first}`).check();
  await page.getByLabel(`Select ${second}`).check();
  await page.getByRole("button", { name: "Reject" }).click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog).toContainText("Reject 2");
  await expect(dialog.getByTestId("confirm-action")).toBeDisabled();
  await dialog.getByLabel("Reason").fill("test traffic from the staging shop");
  await dialog.getByTestId("confirm-action").click();

  await expect(page.getByLabel(`Select ${first}`)).toHaveCount(0);
  await expect(page.getByLabel(`Select ${second}`)).toHaveCount(0);
  // Each event keeps the decision in its history, and none applied anything.
  await page.goto(`/events/${first}`);
  await expect(page.getByTestId("event-timeline")).toContainText("rejected: test traffic from the staging shop");
  await expect(page.getByRole("button", { name: "Release" })).toHaveCount(0);
});

test("an operator replays a dead event: processing runs again, and the history says who asked and why", async ({ page }) => {
  await signInAsNewUser(page, "operator");
  const eventId = await simulate("malformed", "charge.succeeded");
  await openEvent(page, eventId, "dead");
  await expect(page.getByTestId("event-timeline")).toContainText("malformed event");

  await page.getByRole("button", { name: "Replay" }).click();
  const dialog = page.getByTestId("confirm-dialog");
  await dialog.getByLabel("Reason").fill("checking the fix for the charge parser");
  await dialog.getByTestId("confirm-action").click();

  // Replay ran processing again (the object is still malformed, so it is dead again), and the history shows it.
  await expect(page.getByTestId("event-timeline")).toContainText("replayed by an operator: checking the fix for the charge parser");
  await expect(page.locator("header [data-status]").first()).toHaveAttribute("data-status", "dead");
});
