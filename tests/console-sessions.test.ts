/**
 * Sessions are re-checked against the database on every request: what an admin
 * changes (role, deactivation) and what the user does (new password, sign-out)
 * takes effect on the very next page or action, whatever the browser still holds.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import EventsPage from "@/app/(console)/page";
import UsersPage from "@/app/(console)/users/page";
import { changePasswordAction } from "@/app/account/password/actions";
import { createUserAction } from "@/app/(console)/users/actions";
import { renewSessionCookie } from "@/server/auth/request-context";
import { requireUser } from "@/server/auth/require-user";
import type { SessionClaims } from "@/server/auth/session-claims";
import { signInWithSso } from "@/server/auth/sign-in-with-sso";
import { signOutUser } from "@/server/auth/sign-out-user";
import { signedInUser } from "@/server/auth/signed-in-user";
import { disconnect, prisma } from "@/server/db";
import { changeUserRole } from "@/server/users/change-user-role";
import { createUser } from "@/server/users/create-user";
import { deactivateUser } from "@/server/users/deactivate-user";
import { actAs, outcomeOf, sessionFor } from "./support/console";
import { cliContext, uniqueAddress, uniqueEmail } from "./support/users";

vi.mock("@/server/auth/request-context", () => ({ requestContext: vi.fn(), renewSessionCookie: vi.fn() }));

afterAll(() => disconnect());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- every page takes its own props; these tests pass empty ones
const page = (Page: (props: any) => Promise<unknown>) => () => Page({ searchParams: Promise.resolve({}), params: Promise.resolve({}) });
const claimsOf = async (userId: string): Promise<SessionClaims> => ({
  userId,
  sessionVersion: (await prisma().user.findUniqueOrThrow({ where: { id: userId } })).sessionVersion,
  authTime: Math.floor(Date.now() / 1000),
});

describe("a change to a user takes effect on their next request", () => {
  it("demotion: the admin's open session ends at once; signed in again, admin pages answer 404", async () => {
    const { user: admin, claims } = await sessionFor("admin");
    await sessionFor("admin"); // the admin who demotes them (the last admin cannot be demoted)
    await actAs(claims);
    expect(await createUserAction({ email: uniqueEmail("made"), role: "viewer" })).toMatchObject({ ok: true });
    expect(await outcomeOf(page(UsersPage))).toBe("rendered");

    await changeUserRole({ user: admin.id, role: "viewer" }, cliContext);

    // The same browser, the same session cookie, the very next request:
    const email = uniqueEmail("refused");
    expect(await createUserAction({ email, role: "viewer" })).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    expect(await prisma().user.count({ where: { email } })).toBe(0);
    expect(await outcomeOf(page(UsersPage))).toEqual({ redirect: "/sign-in" });

    await actAs(await claimsOf(admin.id));
    expect(await outcomeOf(page(UsersPage))).toEqual({ status: 404 });
    expect(await outcomeOf(page(EventsPage))).toBe("rendered");
    expect(await createUserAction({ email, role: "viewer" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("deactivation: every page sends the user to sign in, and signing in no longer works", async () => {
    const { user, claims } = await sessionFor("operator");
    await actAs(claims);
    expect(await outcomeOf(page(EventsPage))).toBe("rendered");
    await deactivateUser({ user: user.id }, cliContext);
    expect(await outcomeOf(page(EventsPage))).toEqual({ redirect: "/sign-in" });
    // Even a token carrying the new session version is refused: the user row says deactivated.
    await actAs(await claimsOf(user.id));
    expect(await outcomeOf(page(EventsPage))).toEqual({ redirect: "/sign-in" });
  });

  it("a promotion ends the session too; the next session has the new role", async () => {
    const { user, claims } = await sessionFor("viewer");
    await actAs(claims);
    expect(await outcomeOf(page(UsersPage))).toEqual({ status: 404 });
    await changeUserRole({ user: user.id, role: "admin" }, cliContext);
    // The promotion also ended the session (every role change does); the next session has the new role.
    await actAs(await claimsOf(user.id));
    expect(await outcomeOf(page(UsersPage))).toBe("rendered");
  });
});

describe("the user's own session", () => {
  it("a one-time password opens only /account/password; changing it ends other sessions and renews this one", async () => {
    const created = await createUser({ email: uniqueEmail("otp"), role: "operator" }, cliContext);
    const elsewhere = await claimsOf(created.user.id);
    const here = await claimsOf(created.user.id);
    await actAs(here);
    expect(await outcomeOf(page(EventsPage))).toEqual({ redirect: "/account/password" });
    expect(await createUserAction({ email: uniqueEmail("x"), role: "viewer" })).toMatchObject({ ok: false, error: { code: "forbidden" } });

    const result = await changePasswordAction({ currentPassword: created.oneTimePassword, newPassword: "my own long password" });
    expect(result).toEqual({ ok: true, data: { changed: true } });
    const after = await prisma().user.findUniqueOrThrow({ where: { id: created.user.id } });
    expect(vi.mocked(renewSessionCookie)).toHaveBeenLastCalledWith(expect.objectContaining({ userId: created.user.id, sessionVersion: after.sessionVersion }));
    expect(await signedInUser(elsewhere)).toBeNull();
    expect(await signedInUser({ ...here, sessionVersion: after.sessionVersion })).toMatchObject({ mustChangePassword: false });
  });

  it("a wrong current password is an expected failure with the field named, and changes nothing", async () => {
    const { user, claims } = await sessionFor("viewer");
    await actAs(claims, uniqueAddress());
    const result = await changePasswordAction({ currentPassword: "not it", newPassword: "another long password" });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_request", fields: { currentPassword: expect.any(String) } } });
    expect((await prisma().user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(user.sessionVersion);
  });

  it("a session ends 12 hours after sign-in, whatever the activity", async () => {
    const { claims } = await sessionFor("viewer");
    expect(await signedInUser({ ...claims, authTime: claims.authTime - 11 * 3_600 })).not.toBeNull();
    await actAs({ ...claims, authTime: claims.authTime - 12 * 3_600 - 60 });
    await expect(outcomeOf(() => requireUser("viewer"))).resolves.toEqual({ redirect: "/sign-in" });
  });

  it("signing out ends every session of the user and is audited once", async () => {
    const { user, claims } = await sessionFor("operator");
    await signOutUser(claims, "10.1.2.3");
    expect(await signedInUser(claims)).toBeNull();
    await signOutUser(claims, "10.1.2.3");
    expect(await prisma().auditEntry.findMany({ where: { subject: `user:${user.id}`, action: "auth.sign_out" } })).toMatchObject([
      { actorKind: "user", actorId: user.id, actorLabel: user.email, sourceAddress: "10.1.2.3" },
    ]);
  });
});

describe("SSO sign-in", () => {
  it("lets in only an existing, active user whose address the provider verified, and audits every decision", async () => {
    const { user } = await createUser({ email: uniqueEmail("sso"), role: "operator", ssoOnly: true }, cliContext);
    const address = uniqueAddress();
    expect(await signInWithSso({ email: user.email.toUpperCase(), emailVerified: true }, address)).toMatchObject({ ok: true, user: { id: user.id } });
    expect(await signInWithSso({ email: uniqueEmail("stranger"), emailVerified: true }, address)).toEqual({ ok: false });
    expect(await signInWithSso({ email: user.email, emailVerified: false }, address)).toEqual({ ok: false });
    await deactivateUser({ user: user.id }, cliContext);
    expect(await signInWithSso({ email: user.email, emailVerified: true }, address)).toEqual({ ok: false });

    const entries = await prisma().auditEntry.findMany({ where: { sourceAddress: address }, orderBy: { id: "asc" } });
    expect(entries.map((entry) => [entry.action, entry.detail])).toEqual([
      ["auth.sign_in", "sso"],
      ["auth.sign_in_failed", "sso: no active user has this e-mail address"],
      ["auth.sign_in_failed", "sso: the provider has not verified the e-mail address"],
      ["auth.sign_in_failed", "sso: no active user has this e-mail address"],
    ]);
    // Nobody was created on the fly.
    expect(await prisma().user.count({ where: { email: { startsWith: "stranger-" } } })).toBe(0);
  });
});
