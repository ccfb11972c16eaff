import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { signInAsNewUser, simulateScenario as simulate } from "./support/console";

/** A figure of the overview, as shown. */
async function figure(page: Page, stat: string): Promise<number> {
  return Number((await page.locator(`[data-stat="${stat}"] [data-value]`).innerText()).replace(/,/g, ""));
}

/** Reloads `url` until its rows satisfy `check` (processing settles in the background). */
async function settled(page: Page, url: string, check: () => Promise<void>) {
  await expect(async () => {
    await page.goto(url);
    await check();
  }).toPass({ timeout: 30_000 });
}

test("the overview counts a quarantined payment and a dead event, lists them among the latest problems, and its numbers open the filtered lists", async ({ page }) => {
  await signInAsNewUser(page, "viewer");
  await page.goto("/overview");
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  // Earlier specs share this database; whatever is there, one more quarantine must show as one more.
  const shown = (await page.locator('[data-stat="dead"]').count()) > 0;
  const before = { quarantine: shown ? await figure(page, "open-quarantine") : 0, dead: shown ? await figure(page, "dead") : 0 };

  const quarantinedId = (await simulate("quarantine")).eventIds["checkout.session.completed"]!;
  const deadId = (await simulate("malformed")).eventIds["charge.succeeded"]!;
  await settled(page, "/overview", async () => {
    expect(await figure(page, "open-quarantine")).toBe(before.quarantine + 1);
    expect(await figure(page, "dead")).toBe(before.dead + 1);
  });
  await expect(page.getByTestId("latest-dead").getByTestId("problem-row").filter({ hasText: deadId })).toHaveCount(1);
  expect(await figure(page, "deliveries-per-minute")).toBeGreaterThan(0);
  await expect(page.locator('[data-stat="intake-latency"] [data-value]')).toHaveText(/^\d[\d,]* ms$/);
  await expect(page.locator("figure figcaption")).toContainText(/[1-9]\d* deliveries/);
  await expect(page.getByRole("list", { name: "Events by status" })).toContainText("Quarantined");
  await expectNoSeriousA11yViolations(page);

  // The latest problems open the event's own page.
  await page.getByTestId("latest-quarantined").getByTestId("problem-row").filter({ hasText: quarantinedId }).click();
  await expect(page).toHaveURL(/\/events\/[0-9a-f-]{36}$/);
  await expect(page.locator("header [data-status]").first()).toHaveAttribute("data-status", "quarantined");

  // Each number opens the list it counts.
  await page.goto("/overview");
  await page.locator('[data-stat="dead"]').click();
  await expect(page).toHaveURL(/\/\?status=dead$/);
  await expect(page.getByTestId("event-row").filter({ hasText: deadId })).toHaveCount(1);
  for (const badge of await page.getByTestId("event-row").locator("[data-status]").all()) await expect(badge).toHaveAttribute("data-status", "dead");
  await page.goto("/overview");
  await page.locator('[data-stat="queue-depth"]').click();
  await expect(page).toHaveURL(/status=received%2Cqueued%2Cprocessing%2Cfailed/);
  await page.goto("/overview");
  await page.locator('[data-stat="open-quarantine"]').click();
  await expect(page).toHaveURL(/\/quarantine$/);
  await expect(page.getByText(quarantinedId).first()).toBeVisible();

  // The Hookwarden name leads back to the overview.
  await page.getByTestId("home-link").click();
  await expect(page).toHaveURL(/\/overview$/);
});

test("the search box finds a payment's events by customer id and by transaction reference, and says what it took the text for", async ({ page }) => {
  await signInAsNewUser(page, "viewer");
  const { references, eventIds } = await simulate("checkout");
  const sessionEvent = eventIds["checkout.session.completed"]!;
  await settled(page, `/?q=${sessionEvent}`, async () => {
    await expect(page.getByTestId("event-row")).toHaveCount(1, { timeout: 1_000 });
  });
  await expect(page.getByTestId("search-interpretation")).toHaveAttribute("data-kind", "event_id");
  const customer = (await page.getByTestId("event-row").getByText(/^cus_\w+$/).innerText()).trim();

  await page.getByTestId("global-search").fill(customer);
  await page.getByTestId("global-search").press("Enter");
  await expect(page.getByTestId("search-interpretation")).toHaveAttribute("data-kind", "customer_id");
  const rows = page.getByTestId("event-row");
  await expect(rows).toHaveCount(Object.keys(eventIds).length);
  for (const id of Object.values(eventIds)) await expect(rows.filter({ hasText: id })).toHaveCount(1);

  await page.getByTestId("global-search").fill(references[0]!);
  await page.getByTestId("global-search").press("Enter");
  await expect(page.getByTestId("search-interpretation")).toHaveAttribute("data-kind", "reference");
  await expect(page.getByTestId("search-interpretation")).toContainText(references[0]!);
  await expect(rows.filter({ hasText: sessionEvent })).toHaveCount(1);
  await expect(rows.filter({ hasText: eventIds["payment_intent.succeeded"]! })).toHaveCount(1);
  // A filter chip narrows the search instead of dropping it.
  await page.getByRole("button", { name: /^Status/ }).click();
  await page.getByRole("menuitemcheckbox", { name: "Processed" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${references[0]}.*status=processed`));
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("search-interpretation")).toHaveAttribute("data-kind", "reference");
  await expect(rows.filter({ hasText: sessionEvent })).toHaveCount(1);
  await expectNoSeriousA11yViolations(page);
});

test("an admin replays a payment's ignored event from the list with a reason, and the audit log has it", async ({ page }) => {
  const { email } = await signInAsNewUser(page, "admin");
  const { references, eventIds } = await simulate("checkout");
  const ignoredId = eventIds["payment_intent.created"]!;
  const url = `/?q=${references[0]}&status=ignored`;
  await settled(page, url, async () => {
    await expect(page.getByTestId("event-row").filter({ hasText: ignoredId })).toHaveCount(1, { timeout: 1_000 });
  });
  await expect(page.getByTestId("event-row")).toHaveCount(1);

  // check() retries until the box is ticked: the first click may land before the page has hydrated.
  const box = page.getByRole("checkbox", { name: `Select ${ignoredId}` });
  await expect(async () => {
    await box.check({ timeout: 2_000 });
  }).toPass();
  await expect(page.getByTestId("event-row").filter({ hasText: ignoredId })).toHaveAttribute("aria-selected", "true");
  await page.getByRole("button", { name: "Replay" }).click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog.getByTestId("confirm-action")).toBeDisabled();
  await dialog.getByLabel("Reason").fill("handler for payment_intent.created deployed");
  await dialog.getByTestId("confirm-action").click();
  await expect(page.getByText("Replayed 1 event.")).toBeVisible();
  await expect(dialog).toHaveCount(0);

  await page.goto("/audit?action=events.replay");
  const entry = page.getByTestId("audit-row").filter({ hasText: ignoredId });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText(email);
  await expect(entry).toContainText("events.replay");
});

test("an admin rejects several quarantined events at once from the events list: the reason is required, each is rejected and audited", async ({ page }) => {
  const { email } = await signInAsNewUser(page, "admin");
  const ids: string[] = [];
  for (let run = 0; run < 3; run++) ids.push((await simulate("quarantine")).eventIds["checkout.session.completed"]!);
  await settled(page, "/?status=quarantined", async () => {
    for (const id of ids) await expect(page.getByTestId("event-row").filter({ hasText: id })).toHaveCount(1, { timeout: 1_000 });
  });

  // check() retries until the box is ticked: the first click may land before the page has hydrated.
  for (const id of ids) {
    const box = page.getByRole("checkbox", { name: `Select ${id}` });
    await expect(async () => {
      await box.check({ timeout: 2_000 });
    }).toPass();
  }
  const bar = page.getByRole("region", { name: "Bulk actions" });
  await expect(bar).toContainText("3 selected");
  await bar.getByRole("button", { name: "Reject" }).click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog).toContainText("Reject 3 quarantined events?");

  // No reason, or only spaces, and the dialog will not go on; it says why.
  const reason = dialog.getByLabel("Reason");
  await expect(dialog.getByTestId("confirm-action")).toBeDisabled();
  await reason.fill("   ");
  await reason.blur();
  await expect(dialog).toContainText("A reason is required.");
  await expect(dialog.getByTestId("confirm-action")).toBeDisabled();
  await reason.fill("duplicate test orders from the staging shop");
  await dialog.getByTestId("confirm-action").click();
  await expect(page.getByText("Rejected 3 events.")).toBeVisible();
  await expect(dialog).toHaveCount(0);
  await expect(bar).toHaveCount(0);

  // Out of the open quarantine, each with the decision in its own history, and none applied anything.
  await page.goto("/quarantine");
  await expect(page.getByRole("heading", { name: "Quarantine", level: 1 })).toBeVisible();
  for (const id of ids) await expect(page.getByLabel(`Select ${id}`)).toHaveCount(0);
  for (const id of ids) {
    await page.goto(`/events/${id}`);
    await expect(page.getByTestId("event-timeline")).toContainText("rejected: duplicate test orders from the staging shop");
    await expect(page.getByRole("button", { name: /^(Release|Reject)$/ })).toHaveCount(0);
  }

  // One audit entry per event, by this admin, with the reason.
  await page.goto("/audit?action=events.reject");
  for (const id of ids) {
    const entry = page.getByTestId("audit-row").filter({ hasText: `event:${id}` });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText(email);
    await expect(entry).toContainText("reason: duplicate test orders from the staging shop");
  }
});
