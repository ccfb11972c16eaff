import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { allScenarioNames, SCENARIOS } from "../cli/simulate/scenarios";
import { stripeSignatureHeader } from "../cli/simulate/sign";
import { eventWithPersonalData, FIXTURE_PII, scenarioWithPersonalData } from "../tests/support/pii-traffic";
import { createApiKeyWithCli, signInAsNewUser } from "./support/console";

/** The `default` endpoint's secret in playwright.config.ts. */
const SECRET = "whsec_e2e_playwright_secret_0001";
const NEEDLES = [...FIXTURE_PII.names, ...FIXTURE_PII.emails, ...FIXTURE_PII.phones, ...FIXTURE_PII.streets, ...FIXTURE_PII.ips, ...FIXTURE_PII.cards, "whsec_", "sk_live_", "rk_live_"];
const CARD_LIKE = /\b(?:\d[ -]?){12,18}\d\b/;

async function send(request: APIRequestContext, event: unknown, signatureTimestamp?: number): Promise<void> {
  const body = JSON.stringify(event);
  const answer = await request.post("/api/stripe/webhook", { headers: { "content-type": "application/json", "stripe-signature": stripeSignatureHeader(body, SECRET, signatureTimestamp) }, data: body });
  expect(answer.status()).toBe(200);
}

/** What a page shows and sends, scanned: the whole HTML (RSC payload included) for the needles, the visible text for card-like numbers. */
async function hitsOn(page: Page): Promise<string[]> {
  const html = (await page.content()).toLowerCase();
  const text = await page.locator("body").innerText();
  const hits = NEEDLES.filter((needle) => html.includes(needle.toLowerCase()));
  const card = CARD_LIKE.exec(text);
  return card ? [...hits, card[0]] : hits;
}

test("a viewer's pages show none of the personal data and secrets a careless integration sends, on any list or detail page", async ({ page, request }) => {
  test.setTimeout(300_000);
  const operatorKey = await createApiKeyWithCli("operator");
  const eventIds: string[] = [];
  const references: string[] = [];
  const customers = new Set<string>();
  for (const name of allScenarioNames(false)) {
    const scenario = scenarioWithPersonalData(SCENARIOS[name]!());
    for (const terms of scenario.registrations) {
      const answer = await request.post("/api/v1/transactions", { headers: { authorization: `Bearer ${operatorKey}` }, data: terms });
      expect(answer.status()).toBe(201);
      references.push(terms.reference);
    }
    for (const batch of scenario.batches) {
      await Promise.all(batch.map(({ event, signatureTimestamp }) => send(request, event, signatureTimestamp)));
      for (const { event } of batch) {
        eventIds.push(event.id);
        if (typeof event.data.object.customer === "string") customers.add(event.data.object.customer);
      }
    }
  }

  await signInAsNewUser(page, "viewer");
  const wrong: string[] = [];
  const visit = async (path: string) => {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    for (const hit of await hitsOn(page)) wrong.push(`${path}: ${hit}`);
  };
  for (const path of ["/", "/overview", "/quarantine", "/transactions", "/customers", "/reconciliation"]) await visit(path);
  for (const id of new Set(eventIds)) await visit(`/events/${id}`);
  for (const reference of references) await visit(`/transactions/${reference}`);
  for (const customer of customers) await visit(`/customers/${customer}`);
  expect(wrong).toEqual([]);
  // The scan looked at masked payloads, not at pages without one.
  await visit(`/events/${eventIds[0]}`);
  await expect(page.getByText("••••").first()).toBeVisible();
});

test("an admin sees a raw payload only after stating why, once, and finds the view in the audit log; an operator has no way to it", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const event = eventWithPersonalData(SCENARIOS.checkout!().batches[2]![0]!.event);
  const email = String((event.data.object.customer_details as { email: string }).email);
  const { request } = page;
  await send(request, event);

  await signInAsNewUser(page, "admin");
  await page.goto(`/events/${event.id}`);
  await expect(page.getByTestId("event-timeline")).toBeVisible();
  // Masked by default, for admins too.
  expect(await page.content()).not.toContain(email);
  await page.getByRole("button", { name: "View raw payload" }).click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog.getByTestId("confirm-action")).toBeDisabled();
  await dialog.getByLabel("Reason").fill("checking");
  await expect(dialog.getByTestId("confirm-action")).toBeDisabled(); // too short to be a reason
  const reason = "INC-2291: the customer disputes the receipt address";
  await dialog.getByLabel("Reason").fill(reason);
  await dialog.getByTestId("confirm-action").click();
  await expect(page.getByTestId("raw-payload")).toContainText(email);
  // Shown once: not in the URL, and gone when the dialog closes or the page reloads.
  expect(page.url()).not.toContain("raw");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("raw-payload")).toHaveCount(0);
  await page.reload();
  expect(await page.content()).not.toContain(email);

  await page.goto("/audit?action=events.view_raw");
  const entry = page.getByTestId("audit-row").filter({ hasText: event.id });
  await expect(entry).toContainText("events.view_raw");
  await expect(entry).toContainText(reason);

  const operatorContext = await browser.newContext();
  const operator = await operatorContext.newPage();
  await signInAsNewUser(operator, "operator");
  await operator.goto(`/events/${event.id}`);
  await expect(operator.getByTestId("event-timeline")).toBeVisible();
  await expect(operator.getByRole("button", { name: "View raw payload" })).toHaveCount(0);
  expect(await operator.content()).not.toContain(email);
  await operatorContext.close();
});
