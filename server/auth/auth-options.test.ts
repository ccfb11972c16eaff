import type { Account, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import type { CredentialsConfig } from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, uniqueAddress, uniqueEmail, userWithPassword } from "../../tests/support/users";
import { disconnect, prisma } from "../db";
import { authOptions } from "./auth-options";
import { SESSION_POLICY } from "./session-policy";
import { signInErrorMessage } from "./sign-in-codes";

// This file runs with SSO configured (env() is read lazily, after this).
beforeAll(() => {
  process.env.HOOKWARDEN_OIDC_ISSUER = "https://login.example.test/realms/ops";
  process.env.HOOKWARDEN_OIDC_CLIENT_ID = "hookwarden";
  process.env.HOOKWARDEN_OIDC_CLIENT_SECRET = "not-a-real-secret";
});
afterAll(() => disconnect());

function options(sourceAddress = uniqueAddress()) {
  const configured = authOptions({ sourceAddress });
  const credentials = configured.providers.find((provider) => provider.id === "credentials") as CredentialsConfig;
  const authorize = (email: string, password: string) => credentials.options!.authorize!({ email, password }, {} as never);
  const callbacks = configured.callbacks!;
  return { configured, authorize, callbacks };
}

describe("next-auth options", () => {
  it("sessions are short JWTs in http-only, SameSite=Lax cookies; next-auth's pages are Hookwarden's", () => {
    const { configured } = options();
    expect(configured.session).toMatchObject({ strategy: "jwt", maxAge: SESSION_POLICY.idleSeconds });
    expect(configured.cookies?.sessionToken?.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/" });
    expect(configured.pages).toEqual({ signIn: "/sign-in", error: "/sign-in" });
    expect(configured.secret).toBe(process.env.NEXTAUTH_SECRET);
  });

  it("Credentials: the right password gives the user, a wrong one nothing, and the rate limit an error code the page turns into its message", async () => {
    const user = await userWithPassword("operator");
    const { authorize } = options();
    expect(await authorize(user.email, TEST_PASSWORD)).toEqual({ id: user.id, sessionVersion: user.sessionVersion });
    expect(await authorize(user.email, "wrong")).toBeNull();
    for (let i = 0; i < 4; i++) await authorize(user.email, "wrong again");
    const refusal = await authorize(user.email, TEST_PASSWORD).catch((error: Error) => error.message);
    expect(signInErrorMessage(refusal as string)).toMatch(/^Too many attempts; try again in 1[45] minutes\.$/);
  });

  it("the token carries only the user id, the session version and the sign-in time; the session the same", async () => {
    const { callbacks } = options();
    const user = { id: "5b1e3a3c-1d7e-4b0a-9c1e-2f1e1a1b1c1d", sessionVersion: 4, email: "someone@example.test", name: "Someone" } as User;
    const token = (await callbacks.jwt!({ token: { name: "Someone", email: "someone@example.test", sub: user.id }, user, account: { provider: "credentials", type: "credentials" } as Account, trigger: "signIn" })) as JWT;
    expect(Object.keys(token).sort()).toEqual(["authTime", "sub", "sv"]);
    expect(token).toMatchObject({ sub: user.id, sv: 4 });
    const session = await callbacks.session!({ session: { expires: "2026-01-01T00:00:00.000Z" }, token } as never);
    expect(session).toEqual({ expires: "2026-01-01T00:00:00.000Z", userId: user.id, sessionVersion: 4, authTime: token.authTime });
  });

  it("SSO: the provider is generic OIDC with PKCE, state and nonce; only an existing active user gets in, with Hookwarden's own id", async () => {
    const { configured, callbacks } = options();
    const oidc = configured.providers.find((provider) => provider.id === "oidc") as OAuthConfig<Record<string, unknown>>;
    expect(oidc).toMatchObject({ type: "oauth", wellKnown: "https://login.example.test/realms/ops/.well-known/openid-configuration", issuer: "https://login.example.test/realms/ops", idToken: true });
    expect(oidc.checks).toEqual(["pkce", "state", "nonce"]);

    const member = await userWithPassword("viewer");
    const account = { provider: "oidc", type: "oauth" } as Account;
    const profile = (email: string, verified = true) => ({ sub: "idp-subject-1", email, email_verified: verified });
    expect(await callbacks.signIn!({ user: { id: "idp-subject-1" }, account, profile: profile(member.email.toUpperCase()) } as never)).toBe(true);
    expect(await callbacks.signIn!({ user: { id: "idp-subject-1" }, account, profile: profile(uniqueEmail("stranger")) } as never)).toBe(false);
    expect(await callbacks.signIn!({ user: { id: "idp-subject-1" }, account, profile: profile(member.email, false) } as never)).toBe(false);
    const token = (await callbacks.jwt!({ token: {}, user: { id: "idp-subject-1" }, account, profile: profile(member.email), trigger: "signIn" } as never)) as JWT;
    expect(token).toMatchObject({ sub: member.id, sv: member.sessionVersion });
  });

  it("the sign-out event ends every session of the user and audits it with the request's address", async () => {
    const user = await userWithPassword("viewer");
    const address = uniqueAddress();
    const { configured } = options(address);
    await configured.events!.signOut!({ token: { sub: user.id, sv: user.sessionVersion, authTime: Math.floor(Date.now() / 1000) }, session: undefined as never });
    expect((await prisma().user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(user.sessionVersion + 1);
    expect(await prisma().auditEntry.findMany({ where: { subject: `user:${user.id}` } })).toMatchObject([{ action: "auth.sign_out", sourceAddress: address }]);
  });
});
