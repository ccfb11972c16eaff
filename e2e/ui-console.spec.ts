import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations, useTheme } from "./support/axe";
import { signInAsNewUser } from "./support/console";

// Runs after first-event.spec.ts (files run in name order, one worker), which leaves events in the
// ledger; it sends its own when run alone.
const run = promisify(execFile);

// The console needs a signed-in user; a viewer sees everything these tests look at.
test.beforeEach(async ({ page }) => {
  await signInAsNewUser(page, "viewer");
});

async function ensureEvents(page: Page) {
  await page.goto("/");
  if ((await page.getByTestId("event-row").count()) > 0) return;
  await run("npx", ["hookwarden", "simulate", "--scenario", "checkout", "--url", `http://localhost:${process.env.E2E_PORT}`], {
    env: { ...process.env, HOOKWARDEN_DATA_DIR: process.env.E2E_DATA_DIR },
  });
  await expect(page.getByTestId("event-row").first()).toBeVisible();
}

for (const theme of ["light", "dark"] as const) {
  test(`/ has no serious accessibility violations in the ${theme} theme`, async ({ page }) => {
    await useTheme(page, theme);
    await ensureEvents(page);
    await expect(page.locator("html")).toHaveClass(theme === "dark" ? /\bdark\b/ : /^(?!.*\bdark\b)/);
    await expectNoSeriousA11yViolations(page);

    // The empty state (with its copyable commands) and an open menu are checked too.
    await page.goto("/?type=no.such.type");
    await expect(page.getByRole("heading", { name: "No events match these filters" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.goto("/");
    await page.getByRole("button", { name: /^Status/ }).click();
    await expect(page.getByRole("menu")).toBeVisible();
    // An open menu is modal: Radix hides the rest of the page from assistive technology, so check the menu itself.
    await expectNoSeriousA11yViolations(page, { include: ["[role=menu]"] });
  });
}

test("the dark theme is applied before the page paints, with no flash of light", async ({ page }) => {
  await useTheme(page, "dark");
  await page.addInitScript(() => {
    document.addEventListener("DOMContentLoaded", () => {
      (window as unknown as { darkAtFirstParse: boolean }).darkAtFirstParse = document.documentElement.classList.contains("dark");
    });
  });
  await page.goto("/");
  expect(await page.evaluate(() => (window as unknown as { darkAtFirstParse: boolean }).darkAtFirstParse)).toBe(true);

  // Choosing Light in the theme menu switches at once and is remembered.
  await page.getByTestId("theme-toggle").click();
  await page.getByRole("menuitemradio", { name: "Light" }).click();
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
});

test("keyboard: / focuses search, j and k move through the rows", async ({ page }) => {
  await ensureEvents(page);
  await page.locator("body").click({ position: { x: 5, y: 300 } });
  await page.keyboard.press("/");
  await expect(page.getByTestId("global-search")).toBeFocused();
  await page.keyboard.press("Escape");
  await page.getByTestId("global-search").blur();

  const rows = page.getByTestId("event-row");
  await page.keyboard.press("j");
  await expect(rows.nth(0)).toBeFocused();
  await page.keyboard.press("j");
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press("k");
  await expect(rows.nth(0)).toBeFocused();
});

test("search finds an event by its id; filters live in the URL", async ({ page }) => {
  await ensureEvents(page);
  const id = (await page.getByTestId("event-row").first().locator("[data-event-id]").innerText()).trim();
  expect(id).toMatch(/^evt_/);
  await page.getByTestId("global-search").fill(id);
  await page.getByTestId("global-search").press("Enter");
  await expect(page).toHaveURL(new RegExp(`q=${id}`));
  await expect(page.getByTestId("event-row")).toHaveCount(1);

  await page.goto("/");
  await page.getByRole("button", { name: /^Status/ }).click();
  await page.getByRole("menuitemcheckbox", { name: "Processed" }).click();
  await expect(page).toHaveURL(/status=processed/);
  await page.keyboard.press("Escape");
  for (const badge of await page.getByTestId("event-row").locator("[data-status]").all()) await expect(badge).toHaveAttribute("data-status", "processed");
});

test("times switch between UTC and local, and the choice is remembered", async ({ page }) => {
  await ensureEvents(page);
  const toggle = page.getByTestId("time-zone-toggle");
  await expect(toggle).toHaveText("UTC");
  await toggle.click();
  await expect(toggle).toHaveText("Local");
  await page.reload();
  await expect(page.getByTestId("time-zone-toggle")).toHaveText("Local");
  await expect(page.getByTestId("event-row").first().locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);
});

test("usable at 200% zoom on a laptop: the sidebar folds away and the page does not scroll sideways", async ({ page }) => {
  await page.setViewportSize({ width: 640, height: 400 });
  await ensureEvents(page);
  await expect(page.getByRole("button", { name: "Open navigation" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.getByRole("button", { name: "Open navigation" }).click();
  await expect(page.getByRole("link", { name: "Events", exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
