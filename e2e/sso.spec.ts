import { createHash, randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { E2E_OIDC_CLIENT, FAULTS, type Fault } from "./support/oidc-provider";
import { hookwarden, uniqueEmail } from "./support/console";

// SSO through a real authorization-code flow, against the local OpenID provider that
// playwright.config.ts starts beside the product (e2e/support/oidc-provider.ts).
const issuer = `http://127.0.0.1:${process.env.E2E_OIDC_PORT}`;
const redirectUri = `http://localhost:${process.env.E2E_PORT}/api/auth/callback/oidc`;
const REFUSED = "This account cannot sign in with SSO. Ask an admin to add your e-mail address as a user.";
const FAILED = "Sign-in did not work. Try again.";

// On a cold `npm run dev`, each route compiles at its first request: warm them up, so a test's own timeouts measure the product.
test.beforeAll(async ({ request }) => {
  test.setTimeout(240_000);
  for (const path of ["/sign-in", "/api/auth/csrf", "/", "/audit"]) {
    await request.get(path, { maxRedirects: 0, timeout: 120_000 });
  }
});

/** `hookwarden user create --sso-only`: a user with no password. */
async function createSsoUser(role: "viewer" | "operator" | "admin"): Promise<string> {
  const email = uniqueEmail(`sso-${role}`);
  expect(await hookwarden(["user", "create", "--email", email, "--role", role, "--sso-only"])).toContain("They sign in with SSO only.");
  return email;
}

/** The user's line in `hookwarden user list` (role, status, how they sign in, last sign-in). */
async function userListLine(email: string): Promise<string> {
  const line = (await hookwarden(["user", "list"])).split("\n").find((text) => text.startsWith(`${email} `));
  expect(line, `${email} in hookwarden user list`).toBeTruthy();
  return line!;
}

/** From Hookwarden's sign-in page to the provider's, through the SSO button. */
async function goToProvider(page: Page): Promise<void> {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with SSO" }).click();
  await expect(page.getByRole("heading", { name: "Local OpenID provider" })).toBeVisible();
  expect(page.url().startsWith(`${issuer}/authorize?`), page.url()).toBe(true);
}

/** At the provider: sign in as `email`, with this flow's fault (FAULTS). */
async function answerAtProvider(page: Page, email: string, { verified = true, fault = "none" }: { verified?: boolean; fault?: Fault } = {}): Promise<void> {
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("The provider has verified this address").setChecked(verified);
  await page.getByLabel("Answer with").selectOption(fault);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function signInWithSso(page: Page, email: string, options?: { verified?: boolean; fault?: Fault }): Promise<void> {
  await goToProvider(page);
  await answerAtProvider(page, email, options);
}

/** Back on Hookwarden's sign-in page with `message`, next-auth's error `code` in the address. */
async function expectSignInError(page: Page, code: string, message: string): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^http://localhost:\\d+/sign-in\\?(.*&)?error=${code}$`));
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(message);
}

/** Nobody is signed in in this browser: the console sends it to sign in. */
async function expectSignedOut(page: Page): Promise<void> {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
}

/** This browser never got a session: signed out, and no session cookie at all. */
async function expectNoSession(page: Page): Promise<void> {
  await expectSignedOut(page);
  expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain("next-auth.session-token");
}

/** A browser of its own (cookies and all), on the product. */
async function newBrowserPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  return context.newPage();
}

test("an SSO-only operator signs in through the provider, lands in the console as an operator, and the sign-in is audited", async ({ page, browser }) => {
  const email = await createSsoUser("operator");
  expect(await userListLine(email)).toMatch(/operator\s+active\s+SSO only\s+last sign-in never$/);

  await page.goto("/sign-in");
  await expect(page.getByLabel("Password")).toBeVisible();
  // The first SSO sign-in of a run also compiles the pages it lands on (npm run dev): allow for that.
  await signInWithSso(page, email);
  await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/$/, { timeout: 60_000 });
  await expect(page.getByTestId("signed-in-as")).toContainText(`${email} · operator`);
  // The role is Hookwarden's: an operator has no audit log.
  await expect(page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Audit" })).toHaveCount(0);
  expect(await userListLine(email)).toMatch(/operator\s+active\s+SSO only\s+last sign-in \d{4}-\d\d-\d\dT/);

  // An admin (who signs in with SSO too) finds the sign-in in the audit log.
  const admin = await newBrowserPage(browser);
  await signInWithSso(admin, await createSsoUser("admin"));
  await expect(admin.getByTestId("signed-in-as")).toContainText("· admin");
  await admin.goto(`/audit?${new URLSearchParams({ actor: email, action: "auth.*" })}`);
  const entries = admin.getByTestId("audit-row");
  await expect(entries).toHaveCount(1);
  await expect(entries).toContainText("auth.sign_in");
  await expect(entries).toContainText("sso");
  await admin.context().close();
});

test("an e-mail address the provider vouches for, but that no Hookwarden user has, is refused and creates nobody", async ({ page }) => {
  const stranger = uniqueEmail("stranger");
  await signInWithSso(page, stranger);
  await expectSignInError(page, "AccessDenied", REFUSED);
  await expectNoSession(page);
  expect(await hookwarden(["user", "list"])).not.toContain(stranger);
});

test("an address the provider has not verified is refused, even for an active user", async ({ page }) => {
  const email = await createSsoUser("operator");
  await signInWithSso(page, email, { verified: false });
  await expectSignInError(page, "AccessDenied", REFUSED);
  await expectNoSession(page);
  expect(await userListLine(email)).toMatch(/last sign-in never$/);
});

test("a deactivated user loses their SSO session and is refused at the next SSO sign-in", async ({ page }) => {
  const email = await createSsoUser("operator");
  await signInWithSso(page, email);
  await expect(page.getByTestId("signed-in-as")).toContainText(`${email} · operator`);
  const lastSignIn = /last sign-in (\S+)$/.exec(await userListLine(email))![1];

  await hookwarden(["user", "deactivate", "--email", email, "--reason", "left the team"]);
  await expectSignedOut(page);
  await signInWithSso(page, email);
  await expectSignInError(page, "AccessDenied", REFUSED);
  await expectSignedOut(page);
  // No new sign-in was recorded: the last one is still the one before the deactivation.
  const line = await userListLine(email);
  expect(line).toMatch(/operator\s+deactivated\s+SSO only/);
  expect(line).toContain(`last sign-in ${lastSignIn}`);
});

for (const fault of Object.keys(FAULTS).filter((name) => name !== "none") as Fault[]) {
  test(`SSO signs nobody in when the provider answers with ${FAULTS[fault].replace(/^A/, "a")}`, async ({ page }) => {
    const email = await createSsoUser("operator");
    await signInWithSso(page, email, { fault });
    await expectSignInError(page, "OAuthCallback", FAILED);
    await expectNoSession(page);
    expect(await userListLine(email)).toMatch(/last sign-in never$/);
  });
}

test("a replayed authorization code signs nobody in, even with the cookies of the sign-in it came from", async ({ page, browser }) => {
  const email = await createSsoUser("operator");
  await goToProvider(page);
  // What a thief would need besides the code: this browser's sign-in cookies (state, PKCE verifier, nonce).
  const flowCookies = await page.context().cookies(test.info().project.use.baseURL);
  expect(flowCookies.map((cookie) => cookie.name)).toEqual(expect.arrayContaining(["next-auth.state", "next-auth.pkce.code_verifier", "next-auth.nonce"]));
  const callback = page.waitForRequest((request) => new URL(request.url()).pathname === "/api/auth/callback/oidc");
  await answerAtProvider(page, email);
  const callbackUrl = (await callback).url();
  await expect(page.getByTestId("signed-in-as")).toContainText(`${email} · operator`);

  // The same redirect back, code and cookies, in another browser: the provider refuses the used code.
  const thief = await newBrowserPage(browser);
  await thief.context().addCookies(flowCookies);
  await thief.goto(callbackUrl);
  await expectSignInError(thief, "OAuthCallback", FAILED);
  await expectNoSession(thief);
  await thief.context().close();
});

test("a redirect back whose state is not this browser's is refused", async ({ page }) => {
  const email = await createSsoUser("operator");
  await goToProvider(page);
  // Everything else stays right (the code, the PKCE verifier, the nonce): only the state differs.
  await page.route(`${issuer}/authorize`, async (route) => {
    const answer = await route.fetch({ maxRedirects: 0 });
    const location = new URL(answer.headers().location!);
    location.searchParams.set("state", randomBytes(32).toString("base64url"));
    await route.fulfill({ status: 303, headers: { location: location.toString() } });
  });
  await answerAtProvider(page, email);
  await expectSignInError(page, "OAuthCallback", FAILED);
  await expectNoSession(page);
  expect(await userListLine(email)).toMatch(/last sign-in never$/);
});

test("cancelling at the provider comes back to the sign-in page with an error, signed out", async ({ page }) => {
  await goToProvider(page);
  await page.getByRole("button", { name: "Cancel" }).click();
  // next-auth calls an `error=access_denied` redirect "Callback", not "OAuthCallback": the page says the same.
  await expectSignInError(page, "Callback", FAILED);
  await expectNoSession(page);
});

test.describe("the local provider is as strict as a real one", () => {
  const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${formEncode(id)}:${formEncode(secret)}`).toString("base64")}`;
  const authorizeParams = (challenge: string) =>
    new URLSearchParams({ response_type: "code", client_id: E2E_OIDC_CLIENT.id, redirect_uri: redirectUri, scope: "openid email", state: "state-1", nonce: "nonce-1", code_challenge: challenge, code_challenge_method: "S256" });

  /** A code for `email`, as the provider issues it after its page, with the PKCE verifier of its challenge. */
  async function issueCode(request: APIRequestContext, email: string): Promise<{ code: string; verifier: string }> {
    const verifier = randomBytes(32).toString("base64url");
    const page = await request.get(`${issuer}/authorize?${authorizeParams(createHash("sha256").update(verifier).digest("base64url"))}`);
    const interaction = /name="interaction" value="([^"]+)"/.exec(await page.text())?.[1];
    expect(interaction).toBeTruthy();
    const answer = await request.post(`${issuer}/authorize`, { form: { interaction: interaction!, email, email_verified: "yes", fault: "none", action: "sign-in" }, maxRedirects: 0 });
    expect(answer.status()).toBe(303);
    const location = new URL(answer.headers().location!);
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({ state: "state-1", iss: issuer });
    return { code: location.searchParams.get("code")!, verifier };
  }

  test("/authorize answers only its client at its redirect URI, and requires state, a nonce and S256 PKCE", async ({ request }) => {
    const params = authorizeParams(createHash("sha256").update(randomBytes(32).toString("base64url")).digest("base64url"));
    type Changes = Record<string, string | null>;
    const authorize = (changes: Changes) => {
      const changed = new URLSearchParams(params);
      for (const [name, value] of Object.entries(changes)) {
        if (value === null) changed.delete(name);
        else changed.set(name, value);
      }
      return request.get(`${issuer}/authorize?${changed}`, { maxRedirects: 0 });
    };
    expect((await authorize({})).status()).toBe(200);
    // Never a redirect to an address the client did not register, nor for a client it does not know.
    for (const changes of [{ redirect_uri: "https://attacker.example/callback" }, { redirect_uri: `${redirectUri}/` }, { client_id: "someone-else" }] as Changes[]) {
      const answer = await authorize(changes);
      expect(answer.status(), JSON.stringify(changes)).toBe(400);
      expect(answer.headers().location).toBeUndefined();
    }
    for (const changes of [{ state: null }, { nonce: null }, { code_challenge: null }, { code_challenge_method: "plain" }, { response_type: "token" }, { scope: "email" }] as Changes[]) {
      const answer = await authorize(changes);
      expect(answer.status(), JSON.stringify(changes)).toBe(303);
      expect(new URL(answer.headers().location!).searchParams.get("error"), JSON.stringify(changes)).toMatch(/^(invalid_request|unsupported_response_type|invalid_scope)$/);
    }
  });

  test("/token authenticates the client, and accepts a code once, from its redirect URI, with its PKCE verifier", async ({ request }) => {
    const email = uniqueEmail("idp");
    const exchange = (form: Record<string, string>, authorization?: string) =>
      request.post(`${issuer}/token`, { form: { grant_type: "authorization_code", redirect_uri: redirectUri, ...form }, headers: authorization ? { authorization } : {} });
    const right = basic(E2E_OIDC_CLIENT.id, E2E_OIDC_CLIENT.secret);

    const first = await issueCode(request, email);
    expect((await exchange({ code: first.code, code_verifier: first.verifier })).status()).toBe(401);
    expect((await exchange({ code: first.code, code_verifier: first.verifier }, basic(E2E_OIDC_CLIENT.id, "not the secret"))).status()).toBe(401);
    const tokens = await exchange({ code: first.code, code_verifier: first.verifier }, right);
    expect(tokens.status()).toBe(200);
    const { id_token: idToken, access_token: accessToken } = (await tokens.json()) as { id_token: string; access_token: string };
    const [header, payload] = idToken.split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>);
    expect(header).toMatchObject({ alg: "RS256" });
    expect(payload).toMatchObject({ iss: issuer, aud: E2E_OIDC_CLIENT.id, nonce: "nonce-1", email, email_verified: true });
    const userinfo = () => request.get(`${issuer}/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(await (await userinfo()).json()).toMatchObject({ email, sub: payload!.sub });
    // The same code again: refused, and the access token it gave is revoked.
    const replay = await exchange({ code: first.code, code_verifier: first.verifier }, right);
    expect(replay.status()).toBe(400);
    expect(await replay.json()).toMatchObject({ error: "invalid_grant" });
    expect((await userinfo()).status()).toBe(401);

    const second = await issueCode(request, email);
    expect(await (await exchange({ code: second.code, code_verifier: randomBytes(32).toString("base64url") }, right)).json()).toMatchObject({ error: "invalid_grant" });
    const third = await issueCode(request, email);
    expect(await (await exchange({ code: third.code, code_verifier: third.verifier, redirect_uri: "https://attacker.example/callback" }, right)).json()).toMatchObject({ error: "invalid_grant" });
    // client_secret_post works as well as client_secret_basic.
    const fourth = await issueCode(request, email);
    expect((await exchange({ code: fourth.code, code_verifier: fourth.verifier, client_id: E2E_OIDC_CLIENT.id, client_secret: E2E_OIDC_CLIENT.secret })).status()).toBe(200);
  });
});
