import { expect, test } from "@playwright/test";
import { hookwarden, signInAsNewUser } from "./support/console";

test("a signed event sent with the CLI appears on the first page", async ({ page }) => {
  await signInAsNewUser(page, "viewer");
  await expect(page.getByRole("heading", { name: "Events", level: 1 })).toBeVisible();

  const stdout = await hookwarden(["simulate", "--scenario", "checkout", "--url", `http://localhost:${process.env.E2E_PORT}`]);
  expect(stdout).toContain("4 of 4 deliveries answered 200");
  const eventId = /checkout\.session\.completed\s+(evt_\w+)/.exec(stdout)?.[1];
  expect(eventId).toBeTruthy();

  // The page refreshes itself: the event arrives without a reload, and is processed.
  const row = page.getByTestId("event-row").filter({ hasText: eventId! });
  await expect(row).toBeVisible();
  await expect(row).toContainText("checkout.session.completed");
  await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "processed");
  // Other specs share the database, so count this payment's four events, not the whole page.
  const sent = [...stdout.matchAll(/\s(evt_\w+)\s/g)].map((match) => match[1]!);
  expect(sent).toHaveLength(4);
  for (const id of sent) await expect(page.getByTestId("event-row").filter({ hasText: id })).toHaveCount(1);
});

test("a forged delivery is refused and does not appear", async ({ page, request }) => {
  await signInAsNewUser(page, "viewer");
  const body = JSON.stringify({ id: "evt_forged_e2e", object: "event", type: "payment_intent.succeeded", created: 1, livemode: false, data: { object: { id: "pi_x", object: "payment_intent" } } });
  const answer = await request.post("/api/stripe/webhook", {
    data: body,
    headers: { "content-type": "application/json", "stripe-signature": `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}` },
  });
  expect(answer.status()).toBe(400);
  expect(await answer.json()).toEqual({ error: { code: "signature_mismatch", message: expect.any(String) } });
  await page.goto("/");
  await expect(page.getByText("evt_forged_e2e")).toHaveCount(0);
});
