import { expect, test, type Page } from "@playwright/test";
import { createUserWithCli, fillSignIn, signInAsNewUser, uniqueEmail } from "./support/console";

/** Fails the test on any Content-Security-Policy violation the page reports: the policy must not break the console. */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test("a user created with the CLI signs in through the form, must replace the one-time password, and lands on the console", async ({ page }) => {
  const violations = watchCsp(page);
  const email = uniqueEmail("first");
  const oneTimePassword = await createUserWithCli(email, "admin");

  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Sign in to Hookwarden" })).toBeVisible();
  await fillSignIn(page, email.toUpperCase(), oneTimePassword);

  // The one-time password opens only the password page.
  await expect(page).toHaveURL(/\/account\/password$/);
  await page.goto("/audit");
  await expect(page).toHaveURL(/\/account\/password$/);
  await page.getByLabel("One-time password").fill(oneTimePassword);
  await page.getByLabel("New password", { exact: true }).fill("a password of my own, long enough");
  await page.getByLabel("Repeat the new password").fill("a password of my own, long enough");
  await page.getByRole("button", { name: "Change password" }).click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("signed-in-as")).toContainText(`${email} · admin`);
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Audit" }).click();
  await expect(page.getByTestId("audit-row").filter({ hasText: "account.change_password" }).first()).toContainText(email);

  // Signing out ends the session; the console sends the browser back to sign in.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);

  // The one-time password worked once; the new password works.
  await fillSignIn(page, email, oneTimePassword);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("The e-mail address or the password is not right.");
  await fillSignIn(page, email, "a password of my own, long enough");
  await expect(page.getByTestId("signed-in-as")).toContainText(email);
  expect(violations).toEqual([]);
});

test("a wrong password says so, and the rate limit says when to come back", async ({ page }) => {
  const email = uniqueEmail("limited");
  await createUserWithCli(email, "viewer");
  await page.goto("/sign-in");
  await fillSignIn(page, email, "not the password");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("The e-mail address or the password is not right.");
  await expect(page).toHaveURL(/\/sign-in$/);
  for (let attempt = 2; attempt <= 5; attempt++) {
    await fillSignIn(page, email, `guess number ${attempt}`);
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("The e-mail address or the password is not right.");
  }
  await fillSignIn(page, email, "one more guess");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/^Too many attempts; try again in 1[45] minutes\.$/);
});

test("a viewer does not see admin pages, and gets 404 for them", async ({ page }) => {
  await signInAsNewUser(page, "viewer");
  await expect(page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Audit" })).toHaveCount(0);
  const answer = await page.goto("/audit");
  expect(answer?.status()).toBe(404);
  expect((await page.request.get("/audit/export")).status()).toBe(403);
});

test("console pages and the API carry the security headers", async ({ request }) => {
  const page = await request.get("/sign-in");
  const headers = page.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toContain("object-src 'none'");
  expect(headers).toMatchObject({ "x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "same-origin" });
  expect(headers["permissions-policy"]).toContain("camera=()");
  const nonce = /'nonce-([^']+)'/.exec(headers["content-security-policy"]!)![1]!;
  expect(await page.text()).toContain(`nonce="${nonce}"`);
  // A fresh nonce for every response.
  expect((await request.get("/sign-in")).headers()["content-security-policy"]).not.toContain(nonce);

  const api = await request.get("/api/v1/events");
  expect(api.status()).toBe(401);
  expect(api.headers()).toMatchObject({ "content-security-policy": "default-src 'none'; frame-ancestors 'none'", "x-frame-options": "DENY", "x-content-type-options": "nosniff" });
});
