import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Request } from "@playwright/test";
import { stripeSignatureHeader } from "../cli/simulate/sign";
import { stripeEvent } from "../cli/simulate/stripe-events";
import { fingerprint } from "../server/crypto/cipher";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { createApiKeyWithCli, hookwarden, signInAsNewUser } from "./support/console";
import { e2eSql } from "./support/database";
import { sendAction } from "./support/server-action";

// Each test rotates an endpoint of its own (made with the CLI), never `default`: other specs
// sign their deliveries with the default endpoint's secrets.

const newSecret = () => `whsec_${randomBytes(24).toString("base64url").replace(/-/g, "x")}`;

/** A new endpoint with one secret, as an admin sets it up with the CLI. */
async function endpointWithSecret(prefix: string): Promise<{ name: string; secret: string }> {
  const name = `${prefix}-${randomBytes(4).toString("hex")}`;
  const secret = newSecret();
  await hookwarden(["endpoint", "add", name]);
  await hookwarden(["secret", "add", name, "--secret", secret, "--label", "set up with the CLI"]);
  return { name, secret };
}

/** A delivery of a fresh event to the endpoint, signed as Stripe would with these secrets (one `v1` per secret). */
async function deliver(request: APIRequestContext, endpoint: string, secrets: string[]): Promise<number> {
  const body = JSON.stringify(stripeEvent("customer.created", { id: `cus_${randomBytes(6).toString("hex")}`, object: "customer" }));
  const answer = await request.post(`/api/stripe/webhook/${endpoint}`, { data: body, headers: { "content-type": "application/json", "stripe-signature": stripeSignatureHeader(body, secrets) } });
  return answer.status();
}

async function rest<T>(request: APIRequestContext, key: string, path: string): Promise<T> {
  const answer = await request.get(path, { headers: { authorization: `Bearer ${key}` } });
  expect(answer.status(), path).toBe(200);
  return (await answer.json()) as T;
}

type SecretsAnswer = { secrets: { fingerprint: string; state: string; status: string }[]; policy: { intervalDays: number | null; quietMinutes: number; autoRetire: boolean; state: string | null } };
type RotationAnswer = { status: string; kind: string; traffic: { deliveries: number; bySecret: { fingerprint: string; role: string; deliveries: number }[] } };

const secretsPage = (name: string) => `/admin/endpoints/${name}/secrets`;

test.beforeAll(async ({ request }) => {
  test.setTimeout(240_000);
  // npm run dev compiles each page on its first request: do it before the clocks of the tests start.
  for (const path of ["/sign-in", "/account/password", "/admin/endpoints", "/admin/endpoints/default/secrets", "/admin/rotations/00000000-0000-4000-8000-000000000000", "/overview"]) {
    await request.get(path, { maxRedirects: 0, timeout: 120_000 });
  }
});

test("an admin rolls a secret in the browser, watches each secret's share, retires the old one, and sets a policy the overview flags when overdue", async ({ page, request }) => {
  test.setTimeout(180_000);
  const adminKey = await createApiKeyWithCli("admin");
  const { name, secret: oldSecret } = await endpointWithSecret("rot");
  const oldPrint = fingerprint(oldSecret);
  await signInAsNewUser(page, "admin");

  // From the endpoints page, one click to the endpoint's secrets.
  await page.goto("/admin/endpoints");
  await page.locator(`[data-testid="endpoint-settings"][data-endpoint="${name}"]`).getByTestId("endpoint-secrets-link").click();
  await expect(page).toHaveURL(new RegExp(`${secretsPage(name)}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Signing secrets of ${name}`);
  const rows = page.getByTestId("secret-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-fingerprint", oldPrint);
  await expect(rows.first()).toContainText("Active");
  await expect(rows.first()).toContainText("command line");
  await expect(rows.first()).toContainText("never");
  await expect(page.getByTestId("stripe-rotation-unavailable")).toContainText(`${name} has no Stripe API key`);
  await expect(page.getByTestId("rotate-through-stripe")).toBeDisabled();
  await expectNoSeriousA11yViolations(page);

  // Roll: a malformed secret is refused with the field's own error, and the field is emptied.
  await page.getByTestId("roll-secret").click();
  const roll = page.getByTestId("roll-dialog");
  const secretField = roll.getByLabel("New signing secret");
  await expect(secretField).toHaveAttribute("type", "password");
  await expect(secretField).toBeFocused();
  await expect(roll.getByLabel("Old secrets keep verifying for")).toHaveValue("24");
  await expect(roll).toContainText("Stripe keeps signing with the old secret for at most 24 hours");
  await expect(roll).toContainText("0 stops a leaked secret at once");
  await expectNoSeriousA11yViolations(page, { include: ["[role=dialog]"] });
  await secretField.fill("not-a-stripe-secret");
  await roll.getByTestId("confirm-roll").click();
  await expect(roll).toContainText("a Stripe signing secret looks like whsec_");
  await expect(secretField).toHaveAttribute("aria-invalid", "true");
  await expect(secretField).toHaveValue("");

  const rolledSecret = newSecret();
  const newPrint = fingerprint(rolledSecret);
  await secretField.fill(rolledSecret);
  await roll.getByLabel("Label").fill("e2e yearly roll");
  await roll.getByTestId("confirm-roll").click();

  // The rotation's page: only fingerprints, never the secret, in the page or its address.
  await expect(page).toHaveURL(/\/admin\/rotations\/[0-9a-f-]{36}$/);
  const rotationId = page.url().split("/").pop()!;
  expect(page.url()).not.toContain(rolledSecret);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Manual roll");
  await expect(page.locator("header [data-status]")).toHaveAttribute("data-status", "overlap");
  await expect(page.getByTestId("rotation-meaning")).toHaveText("Old and new secrets both verify; the old ones expire or are retired.");
  await expect(page.getByTestId("live-run-refresh")).toContainText("Updating every 5 s");
  await expect(page.getByTestId("rollback-rotation")).toBeVisible();
  const newShare = page.locator(`[data-testid="secret-share"][data-fingerprint="${newPrint}"]`);
  const oldShare = page.locator(`[data-testid="secret-share"][data-fingerprint="${oldPrint}"]`);
  await expect(newShare).toHaveAttribute("data-role", "new");
  await expect(newShare).toHaveAttribute("data-deliveries", "0");
  expect(await page.content()).not.toContain(rolledSecret);
  await expectNoSeriousA11yViolations(page);

  // Stripe, meanwhile, signs with the old secret, the new one, or both (the header carries one v1 per secret): all accepted.
  expect(await deliver(request, name, [oldSecret])).toBe(200);
  expect(await deliver(request, name, [rolledSecret])).toBe(200);
  expect(await deliver(request, name, [oldSecret, rolledSecret])).toBe(200);
  // The page updates itself: intake tries the newest secret first, so the delivery signed by both counts for the new one.
  await expect(newShare).toHaveAttribute("data-deliveries", "2");
  await expect(oldShare).toHaveAttribute("data-deliveries", "1");
  await expect(newShare.getByTestId("share-figures")).toHaveText("2 deliveries · 67%");
  await expect(oldShare.getByTestId("share-figures")).toHaveText("1 delivery · 33%");
  const rotation = await rest<RotationAnswer>(request, adminKey, `/api/v1/rotations/${rotationId}`);
  expect(rotation).toMatchObject({ kind: "manual", status: "overlap", traffic: { deliveries: 3 } });
  expect(Object.fromEntries(rotation.traffic.bySecret.map((secret) => [secret.fingerprint, secret.deliveries]))).toEqual({ [newPrint]: 2, [oldPrint]: 1 });

  // Back on the secrets page: the old secret expires in 24 h, the new one has its label; the rotation going on is linked.
  await page.goto(secretsPage(name));
  const oldRow = page.locator(`[data-testid="secret-row"][data-fingerprint="${oldPrint}"]`);
  const newRow = page.locator(`[data-testid="secret-row"][data-fingerprint="${newPrint}"]`);
  await expect(oldRow).toHaveAttribute("data-state", "expiring");
  await expect(oldRow.getByTestId("secret-time-left")).toHaveText(/^2[34] h( \d+ min)? left$/);
  await expect(newRow).toHaveAttribute("data-state", "active");
  await expect(newRow).toContainText("e2e yearly roll");
  await expect(newRow).toContainText("console");
  await expect(page.getByTestId("open-rotation")).toContainText("Manual roll going on");
  await expect(page.getByTestId("secret-actions-unavailable")).toHaveText("A roll is going on: let it finish, or roll it back first.");
  await expect(page.getByTestId("roll-secret")).toBeDisabled();
  await expect(page.getByTestId("rotate-through-stripe")).toBeDisabled();
  expect(await page.content()).not.toContain(rolledSecret);

  // Retire the old secret, with a reason: that completes the roll, and a delivery signed only by it is refused.
  await oldRow.getByTestId("retire-secret").click();
  const retire = page.getByTestId("retire-dialog");
  await expect(retire).toContainText(`Retire secret ${oldPrint}?`);
  await retire.getByLabel("Reason").fill("e2e: Stripe no longer signs with it");
  await retire.getByTestId("confirm-retire").click();
  await expect(page.getByText(`Secret ${oldPrint} is retired`)).toBeVisible();
  await expect(oldRow).toHaveAttribute("data-state", "retired");
  await expect(page.getByTestId("open-rotation")).toHaveCount(0);
  expect(await deliver(request, name, [oldSecret])).toBe(400);
  expect(await deliver(request, name, [rolledSecret])).toBe(200);
  expect((await rest<RotationAnswer>(request, adminKey, `/api/v1/rotations/${rotationId}`)).status).toBe("completed");
  const listed = await rest<SecretsAnswer>(request, adminKey, `/api/v1/endpoints/${name}/secrets`);
  expect(Object.fromEntries(listed.secrets.map((secret) => [secret.fingerprint, secret.state]))).toEqual({ [newPrint]: "active", [oldPrint]: "retired" });
  const [audit] = await e2eSql<{ detail: string }>(`SELECT detail FROM audit_entry WHERE action = 'secrets.retire' AND subject = $1`, [`endpoint:${name}`]);
  expect(audit?.detail).toBe("e2e: Stripe no longer signs with it");

  // The new secret is now the only one that verifies: the server refuses to retire it, and the dialog says why.
  await newRow.getByTestId("retire-secret").click();
  await retire.getByTestId("confirm-retire").click();
  await expect(retire.getByTestId("retire-error")).toContainText(`Secret ${newPrint} is the only one that verifies deliveries to "${name}"`);
  await page.keyboard.press("Escape");
  await expect(retire).toHaveCount(0);
  await expect(newRow).toHaveAttribute("data-state", "active");

  // The rotation policy: saved, and read back by the REST API.
  const policy = page.getByTestId("rotation-policy-form");
  await policy.getByLabel("Rotate every (days)").fill("30");
  await policy.getByLabel("Quiet period (minutes)").fill("15");
  await policy.getByLabel(/Retire the old secret automatically/).check();
  await policy.getByTestId("save-rotation-policy").click();
  await expect(page.getByText(`${name}: rotation policy saved`)).toBeVisible();
  await expect(page.getByTestId("rotation-policy")).toHaveAttribute("data-state", "ok");
  await expect(page.getByTestId("policy-state")).toHaveText("On schedule");
  expect((await rest<SecretsAnswer>(request, adminKey, `/api/v1/endpoints/${name}/secrets`)).policy).toMatchObject({ intervalDays: 30, quietMinutes: 15, autoRetire: true, state: "ok" });
  // A bad value is refused with the field's own error.
  await policy.getByLabel("Quiet period (minutes)").fill("5000");
  await policy.getByTestId("save-rotation-policy").click();
  await expect(policy).toContainText("quietMinutes is at most 1440");

  // Due soon, then overdue: the newest verifying secret is backdated, as if added 25 and then 40 days ago.
  await e2eSql(`UPDATE signing_secret SET created_at = now() - interval '25 days' WHERE fingerprint = $1`, [newPrint]);
  await page.goto("/overview");
  const flagged = page.locator(`[data-testid="rotation-due-endpoint"][data-endpoint="${name}"]`);
  await expect(flagged).toHaveAttribute("data-state", "due");
  await expect(flagged).toContainText("Due soon");
  await e2eSql(`UPDATE signing_secret SET created_at = now() - interval '40 days' WHERE fingerprint = $1`, [newPrint]);
  await page.reload();
  await expect(page.getByTestId("rotation-due")).toHaveAttribute("data-state", "overdue");
  await expect(page.getByTestId("rotation-due")).toContainText("Signing-secret rotation overdue");
  await expect(flagged).toHaveAttribute("data-state", "overdue");
  await expect(flagged).toContainText("Overdue");
  await expectNoSeriousA11yViolations(page, { include: ['[data-testid="rotation-due"]'] });
  await flagged.getByRole("link", { name: "Rotate its secret" }).click();
  await expect(page).toHaveURL(new RegExp(`${secretsPage(name)}$`));
  await expect(page.getByTestId("policy-state")).toContainText("Overdue since");
});

test("operators and viewers cannot open the secrets or rotation pages, and an operator's forged policy change is refused", async ({ page: admin, browser, request }) => {
  test.setTimeout(180_000);
  const adminKey = await createApiKeyWithCli("admin");
  const disposable = await endpointWithSecret("rot-a");
  const target = await endpointWithSecret("rot-b");
  await signInAsNewUser(admin, "admin");

  // The real request: an admin saves a policy on the disposable endpoint, and we keep the POST the browser sent.
  await admin.goto(secretsPage(disposable.name));
  const form = admin.getByTestId("rotation-policy-form");
  await form.getByLabel("Rotate every (days)").fill("90");
  const sent = admin.waitForRequest((candidate: Request) => candidate.method() === "POST" && candidate.headers()["next-action"] !== undefined);
  await form.getByTestId("save-rotation-policy").click();
  const captured = await sent;
  await expect(admin.getByText(`${disposable.name}: rotation policy saved`)).toBeVisible();
  const body = captured.postData() ?? "";
  expect(body.split(disposable.name)).toHaveLength(2);
  const forged = {
    headers: Object.fromEntries(Object.entries(captured.headers()).filter(([header]) => header.startsWith("next-") || header === "accept" || header === "content-type")),
    body: body.replace(disposable.name, target.name),
  };
  // And a rotation to try to open.
  await admin.getByTestId("roll-secret").click();
  await admin.getByTestId("roll-dialog").getByLabel("New signing secret").fill(newSecret());
  await admin.getByTestId("roll-dialog").getByTestId("confirm-roll").click();
  await expect(admin).toHaveURL(/\/admin\/rotations\/[0-9a-f-]{36}$/);
  const rotationPath = new URL(admin.url()).pathname;

  const policyBefore = (await rest<SecretsAnswer>(request, adminKey, `/api/v1/endpoints/${target.name}/secrets`)).policy;
  expect(policyBefore.intervalDays).toBeNull();

  for (const role of ["operator", "viewer"] as const) {
    const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    const page = await context.newPage();
    await signInAsNewUser(page, role);
    // The pages answer 404, as if they did not exist, and show nothing of the endpoint's secrets.
    for (const path of [secretsPage(target.name), rotationPath]) {
      const answer = await page.goto(path);
      expect(answer?.status(), `${role} ${path}`).toBe(404);
      await expect(page.getByTestId("secret-row")).toHaveCount(0);
      await expect(page.getByTestId("rotation-traffic")).toHaveCount(0);
      expect(await page.content()).not.toContain(fingerprint(target.secret));
    }
    // The endpoints page is not theirs either, and the overview offers them no way to it.
    expect((await page.goto("/admin/endpoints"))?.status()).toBe(404);
    if (role === "operator") {
      // The forged server action, from the operator's own browser: refused by the server.
      const refused = await sendAction(page, secretsPage(target.name), forged);
      expect(refused).toEqual({ status: 200, result: { ok: false, error: { code: "forbidden", message: "This needs the admin role." } } });
      expect((await rest<SecretsAnswer>(request, adminKey, `/api/v1/endpoints/${target.name}/secrets`)).policy).toEqual(policyBefore);
    }
    await context.close();
  }

  // The control: the very same forged request from the admin's browser does change the target's policy.
  const allowed = await sendAction(admin, secretsPage(target.name), forged);
  expect(allowed).toMatchObject({ status: 200, result: { ok: true, data: { endpoint: target.name, changed: true } } });
  expect((await rest<SecretsAnswer>(request, adminKey, `/api/v1/endpoints/${target.name}/secrets`)).policy.intervalDays).toBe(90);
});
