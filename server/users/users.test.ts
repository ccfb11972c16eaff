import { verify } from "@node-rs/argon2";
import { afterAll, describe, expect, it } from "vitest";
import { cliContext, TEST_PASSWORD, uniqueAddress, uniqueEmail, userWithPassword } from "../../tests/support/users";
import { signInWithPassword } from "../auth/sign-in-with-password";
import { disconnect, prisma } from "../db";
import { changePassword } from "./change-password";
import { changeUserRole } from "./change-user-role";
import { createUser } from "./create-user";
import { deactivateUser } from "./deactivate-user";
import { listUsers } from "./list-users";

afterAll(() => disconnect());

const auditOf = (userId: string) => prisma().auditEntry.findMany({ where: { subject: `user:${userId}` }, orderBy: { id: "asc" } });

describe("createUser", () => {
  it("stores the e-mail address lowercased and only an argon2id hash of the one-time password it returns once", async () => {
    const email = uniqueEmail("Ops");
    const { user, oneTimePassword } = await createUser({ email: `  ${email.toUpperCase()} `, name: "Ops Person", role: "operator" }, cliContext);
    expect(user).toMatchObject({ email: email.toLowerCase(), name: "Ops Person", role: "operator", status: "active", mustChangePassword: true });
    expect(oneTimePassword).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const row = await prisma().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(oneTimePassword);
    expect(await verify(row.passwordHash!, oneTimePassword!)).toBe(true);
    expect(JSON.stringify(user)).not.toContain("argon2");

    const [entry] = await auditOf(user.id);
    expect(entry).toMatchObject({ action: "users.create", actorKind: "cli", actorLabel: "cli:test", after: { email: email.toLowerCase(), role: "operator" } });
    expect(JSON.stringify({ ...entry, id: String(entry!.id) })).not.toMatch(/argon2|passwordHash/);
  });

  it("creates an SSO-only user with no password at all", async () => {
    const { user, oneTimePassword } = await createUser({ email: uniqueEmail("sso"), role: "viewer", ssoOnly: true }, cliContext);
    expect(oneTimePassword).toBeNull();
    expect(user).toMatchObject({ passwordSignIn: false, mustChangePassword: false });
  });

  it("refuses a second user with the same address in other capitals, and bad input, changing nothing", async () => {
    const email = uniqueEmail();
    await createUser({ email, role: "viewer" }, cliContext);
    await expect(createUser({ email: email.toUpperCase(), role: "admin" }, cliContext)).rejects.toMatchObject({ code: "conflict" });
    await expect(createUser({ email: "not-an-address", role: "viewer" }, cliContext)).rejects.toMatchObject({ code: "invalid_request", fields: { email: expect.stringMatching(/e-mail address/) } });
    await expect(createUser({ email: uniqueEmail(), role: "root" as "admin" }, cliContext)).rejects.toMatchObject({ code: "invalid_request", fields: { role: expect.stringMatching(/viewer, operator, admin/) } });
    expect(await prisma().user.findMany({ where: { email } })).toMatchObject([{ role: "viewer" }]);
    expect(await prisma().user.count({ where: { email: "not-an-address" } })).toBe(0);
    expect(await prisma().auditEntry.count({ where: { action: "users.create", after: { path: ["email"], equals: email } } })).toBe(1);
  });
});

describe("changeUserRole and deactivateUser", () => {
  it("change the role, bump the session version and record before and after; the same role changes nothing", async () => {
    const user = await userWithPassword("viewer");
    const result = await changeUserRole({ user: user.email, role: "operator" }, cliContext);
    expect(result).toMatchObject({ changed: true, user: { role: "operator" } });
    const row = await prisma().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.sessionVersion).toBe(user.sessionVersion + 1);
    expect(await auditOf(user.id)).toMatchObject([{ action: "users.change_role", before: { role: "viewer" }, after: { role: "operator" } }]);

    expect(await changeUserRole({ user: user.id, role: "operator" }, cliContext)).toMatchObject({ changed: false });
    expect((await prisma().user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(row.sessionVersion);
    expect(await auditOf(user.id)).toHaveLength(1);
  });

  it("deactivate a user, who can no longer sign in; a second deactivation is refused", async () => {
    const user = await userWithPassword("operator");
    const address = uniqueAddress();
    expect((await signInWithPassword({ email: user.email, password: TEST_PASSWORD, sourceAddress: address })).ok).toBe(true);
    await deactivateUser({ user: user.email, reason: "left the team" }, cliContext);
    const row = await prisma().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.deactivatedAt).not.toBeNull();
    expect(row.sessionVersion).toBe(user.sessionVersion + 1);
    expect(await signInWithPassword({ email: user.email, password: TEST_PASSWORD, sourceAddress: address })).toEqual({ ok: false, reason: "invalid" });
    await expect(deactivateUser({ user: user.id }, cliContext)).rejects.toMatchObject({ code: "conflict" });
    expect((await auditOf(user.id)).filter((entry) => entry.action === "users.deactivate")).toMatchObject([{ detail: "left the team", after: { status: "deactivated" } }]);
  });

  it("answer not_found for an unknown user and invalid_request for a malformed one", async () => {
    await expect(changeUserRole({ user: uniqueEmail("nobody"), role: "admin" }, cliContext)).rejects.toMatchObject({ code: "not_found" });
    await expect(deactivateUser({ user: "12" }, cliContext)).rejects.toMatchObject({ code: "invalid_request" });
  });

  it("listUsers shows no password hash", async () => {
    const user = await userWithPassword("admin");
    const listed = (await listUsers()).find((item) => item.id === user.id);
    expect(listed).toMatchObject({ email: user.email, role: "admin", status: "active", passwordSignIn: true });
    expect(JSON.stringify(listed)).not.toContain("argon2");
  });
});

describe("changePassword", () => {
  it("needs the current password, then replaces it, clears the forced change and ends other sessions", async () => {
    const created = await createUser({ email: uniqueEmail("new"), role: "viewer" }, cliContext);
    const context = { actor: { kind: "user" as const, id: created.user.id, label: created.user.email }, sourceAddress: uniqueAddress() };
    const before = await prisma().user.findUniqueOrThrow({ where: { id: created.user.id } });

    await expect(changePassword(created.user.id, { currentPassword: "wrong guess", newPassword: "a brand new passphrase" }, context)).rejects.toMatchObject({
      code: "invalid_request",
      fields: { currentPassword: expect.any(String) },
    });
    await expect(changePassword(created.user.id, { currentPassword: created.oneTimePassword!, newPassword: "short" }, context)).rejects.toMatchObject({
      fields: { newPassword: expect.stringMatching(/12 characters/) },
    });
    expect((await prisma().user.findUniqueOrThrow({ where: { id: created.user.id } })).passwordHash).toBe(before.passwordHash);

    const { sessionVersion } = await changePassword(created.user.id, { currentPassword: created.oneTimePassword!, newPassword: "a brand new passphrase" }, context);
    const after = await prisma().user.findUniqueOrThrow({ where: { id: created.user.id } });
    expect(after).toMatchObject({ mustChangePassword: false, sessionVersion: before.sessionVersion + 1 });
    expect(sessionVersion).toBe(after.sessionVersion);
    const address = uniqueAddress();
    expect((await signInWithPassword({ email: created.user.email, password: created.oneTimePassword, sourceAddress: address })).ok).toBe(false);
    expect((await signInWithPassword({ email: created.user.email, password: "a brand new passphrase", sourceAddress: address })).ok).toBe(true);
    expect((await auditOf(created.user.id)).map((entry) => entry.action)).toContain("account.change_password");
  });

  it("counts wrong current passwords against the sign-in rate limit", async () => {
    const user = await userWithPassword("viewer");
    const context = { actor: { kind: "user" as const, id: user.id, label: user.email }, sourceAddress: uniqueAddress() };
    for (let i = 0; i < 5; i++) {
      await expect(changePassword(user.id, { currentPassword: `guess ${i}`, newPassword: "another long passphrase" }, context)).rejects.toMatchObject({ code: "invalid_request" });
    }
    await expect(changePassword(user.id, { currentPassword: TEST_PASSWORD, newPassword: "another long passphrase" }, context)).rejects.toMatchObject({
      code: "rate_limited",
      message: expect.stringMatching(/^Too many attempts; try again in 1[45] minutes\.$/),
    });
    expect(await verify((await prisma().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash!, TEST_PASSWORD)).toBe(true);
  });
});
