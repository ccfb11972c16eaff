/**
 * /setup creates the first admin of a new installation: it exists only while no
 * user exists and only for this machine, and two submissions at once make exactly
 * one admin. This file has a database of its own, empty of users.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createFirstAdminAction } from "@/app/setup/actions";
import SetupPage from "@/app/setup/page";
import { signInWithPassword } from "@/server/auth/sign-in-with-password";
import { disconnect, prisma } from "@/server/db";
import { actAs, outcomeOf } from "./support/console";
import { useFreshDatabase } from "./support/fresh-database";
import { uniqueEmail } from "./support/users";

vi.mock("@/server/auth/request-context", () => ({ requestContext: vi.fn(), renewSessionCookie: vi.fn() }));

beforeAll(() => useFreshDatabase("setup"), 60_000);
afterAll(() => disconnect());

const form = (email: string) => ({ email, name: "First Admin", password: "the first admin's password", confirmPassword: "the first admin's password" });

describe("/setup", () => {
  it("exists while there is no user, for this machine only", async () => {
    await actAs(null, "127.0.0.1");
    expect(await outcomeOf(() => SetupPage())).toBe("rendered");
    await actAs(null, "::1");
    expect(await outcomeOf(() => SetupPage())).toBe("rendered");
    await actAs(null, "203.0.113.7");
    expect(await outcomeOf(() => SetupPage())).toEqual({ status: 404 });
    const remote = await createFirstAdminAction(form(uniqueEmail("remote")));
    expect(remote).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await prisma().user.count()).toBe(0);
  });

  it("refuses bad input with the fields named, creating nothing", async () => {
    await actAs(null, "127.0.0.1");
    const result = await createFirstAdminAction({ email: "nope", password: "short", confirmPassword: "different" });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_request", fields: { email: expect.any(String), password: expect.any(String), confirmPassword: expect.any(String) } } });
    expect(await prisma().user.count()).toBe(0);
  });

  it("two submissions at once make exactly one admin; then /setup is gone for good", async () => {
    await actAs(null, "127.0.0.1");
    // Open every pool connection first, so that the submissions really overlap in the database.
    await Promise.all(Array.from({ length: 10 }, () => prisma().$executeRaw`SELECT pg_sleep(0.05)`));
    const emails = Array.from({ length: 24 }, () => uniqueEmail("race"));
    const results = await Promise.all(emails.map((email) => createFirstAdminAction(form(email))));
    const created = results.filter((result) => result.ok);
    expect(created).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual(Array(23).fill({ ok: false, error: { code: "conflict", message: "Setup is already done: sign in instead." } }));
    const users = await prisma().user.findMany();
    expect(users).toMatchObject([{ role: "admin", mustChangePassword: false, deactivatedAt: null }]);
    expect(await prisma().auditEntry.findMany()).toMatchObject([{ action: "users.create_first_admin", actorKind: "anonymous", subject: `user:${users[0]!.id}`, sourceAddress: "127.0.0.1" }]);

    // The chosen password signs in; the page answers 404 from now on, even for this machine.
    expect(await signInWithPassword({ email: users[0]!.email, password: "the first admin's password", sourceAddress: "127.0.0.1" })).toMatchObject({ ok: true });
    expect(await outcomeOf(() => SetupPage())).toEqual({ status: 404 });
    expect(await createFirstAdminAction(form(uniqueEmail("late")))).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(await prisma().user.count()).toBe(1);
  });
});
