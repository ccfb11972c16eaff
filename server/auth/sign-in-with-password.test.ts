import { afterAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, uniqueAddress, uniqueEmail, userWithPassword } from "../../tests/support/users";
import { disconnect, prisma } from "../db";
import { setLogSink } from "../log";
import { accountKey, addressKey } from "./sign-in-keys";
import { SIGN_IN_LIMITS } from "./sign-in-limits";
import { signInWithPassword } from "./sign-in-with-password";

afterAll(() => disconnect());

const auditJson = async (where: object) =>
  JSON.stringify((await prisma().auditEntry.findMany({ where })).map((entry) => ({ ...entry, id: String(entry.id) })));

describe("password sign-in", () => {
  it("signs in with the right password, records when and from where, and audits it without the password", async () => {
    const user = await userWithPassword("operator");
    const address = uniqueAddress();
    const result = await signInWithPassword({ email: ` ${user.email.toUpperCase()} `, password: TEST_PASSWORD, sourceAddress: address });
    expect(result).toMatchObject({ ok: true, user: { id: user.id } });
    expect((await prisma().user.findUniqueOrThrow({ where: { id: user.id } })).lastSignInAt).not.toBeNull();
    const entries = await prisma().auditEntry.findMany({ where: { subject: `user:${user.id}` } });
    expect(entries).toMatchObject([{ action: "auth.sign_in", actorKind: "user", actorId: user.id, actorLabel: user.email, sourceAddress: address }]);
    expect(await auditJson({ subject: `user:${user.id}` })).not.toContain(TEST_PASSWORD);
  });

  it("answers the same for a wrong password, an unknown account and a deactivated user, and audits each failure", async () => {
    const user = await userWithPassword("viewer");
    const gone = await userWithPassword("viewer");
    await prisma().user.update({ where: { id: gone.id }, data: { deactivatedAt: new Date() } });
    const address = uniqueAddress();
    const typedIntoEmail = `my secret ${uniqueEmail()}`;

    expect(await signInWithPassword({ email: user.email, password: "not the password", sourceAddress: address })).toEqual({ ok: false, reason: "invalid" });
    expect(await signInWithPassword({ email: typedIntoEmail, password: "whatever", sourceAddress: address })).toEqual({ ok: false, reason: "invalid" });
    expect(await signInWithPassword({ email: gone.email, password: TEST_PASSWORD, sourceAddress: address })).toEqual({ ok: false, reason: "invalid" });
    expect(await signInWithPassword({ email: undefined, password: undefined, sourceAddress: address })).toEqual({ ok: false, reason: "invalid" });

    const failures = await prisma().auditEntry.findMany({ where: { action: "auth.sign_in_failed", sourceAddress: address }, orderBy: { id: "asc" } });
    expect(failures.map((entry) => [entry.actorKind, entry.subject, entry.detail])).toEqual([
      ["anonymous", `user:${user.id}`, "wrong password"],
      ["anonymous", null, "unknown account"],
      ["anonymous", `user:${gone.id}`, "deactivated user"],
      ["anonymous", null, "unknown account"],
    ]);
    const stored = await auditJson({ sourceAddress: address });
    for (const secret of ["not the password", typedIntoEmail, "whatever", TEST_PASSWORD]) expect(stored).not.toContain(secret);
    // The rate limit keeps a keyed hash of what was typed as the e-mail address, never the text.
    const attempts = JSON.stringify((await prisma().signInAttempt.findMany({ where: { sourceAddress: address } })).map((row) => row.accountKey));
    expect(attempts).not.toContain("secret");
    expect(attempts).toContain(accountKey(typedIntoEmail));
  });
});

describe("logs", () => {
  it("never carry a password, or an e-mail address, whatever the outcome", async () => {
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    process.env.HOOKWARDEN_LOG_LEVEL = "debug";
    try {
      const user = await userWithPassword("viewer");
      const address = uniqueAddress();
      for (let i = 0; i < 7; i++) await signInWithPassword({ email: user.email, password: `hunter2 attempt ${i}`, sourceAddress: address });
      await signInWithPassword({ email: user.email, password: TEST_PASSWORD, sourceAddress: uniqueAddress() });
      expect(lines.length).toBeGreaterThan(0); // the refusals by the rate limit are logged
      const all = lines.join("\n");
      expect(all).not.toContain("hunter2");
      expect(all).not.toContain(TEST_PASSWORD);
      expect(all).not.toContain(user.email);
    } finally {
      setLogSink(undefined);
      process.env.HOOKWARDEN_LOG_LEVEL = "silent";
    }
  });
});

describe("the sign-in rate limit", () => {
  const { perAccount, perAddress } = SIGN_IN_LIMITS;

  it(`refuses an account after ${perAccount} failures in the window, from any address, even with the right password`, async () => {
    const user = await userWithPassword("admin");
    for (let i = 0; i < perAccount; i++) {
      expect(await signInWithPassword({ email: user.email, password: `guess ${i}`, sourceAddress: uniqueAddress() })).toMatchObject({ reason: "invalid" });
    }
    const refused = await signInWithPassword({ email: user.email, password: TEST_PASSWORD, sourceAddress: uniqueAddress() });
    expect(refused).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(refused.ok === false && refused.reason === "rate_limited" && refused.retryAfterSeconds).toBeGreaterThan(14 * 60);
    // A refusal does not count as a failure, and is not audited one by one (a flood would fill the log).
    expect(await prisma().signInAttempt.count({ where: { accountKey: accountKey(user.email) } })).toBe(perAccount);
    expect(await prisma().auditEntry.count({ where: { subject: `user:${user.id}` } })).toBe(perAccount);

    // Once the failures leave the window, the account is free again.
    await prisma().signInAttempt.updateMany({ where: { accountKey: accountKey(user.email) }, data: { at: new Date(Date.now() - 16 * 60_000) } });
    expect(await signInWithPassword({ email: user.email, password: TEST_PASSWORD, sourceAddress: uniqueAddress() })).toMatchObject({ ok: true });
  });

  it("a success forgets the account's failures", async () => {
    const user = await userWithPassword("viewer");
    const attempt = (password: string) => signInWithPassword({ email: user.email, password, sourceAddress: uniqueAddress() });
    for (let i = 0; i < perAccount - 1; i++) await attempt("wrong");
    expect(await attempt(TEST_PASSWORD)).toMatchObject({ ok: true });
    for (let i = 0; i < perAccount - 1; i++) await attempt("wrong");
    expect(await attempt(TEST_PASSWORD)).toMatchObject({ ok: true });
  });

  it(`refuses an address after ${perAddress} failures on any accounts, while other addresses still sign in`, async () => {
    const address = uniqueAddress();
    for (let i = 0; i < perAddress; i++) {
      expect(await signInWithPassword({ email: uniqueEmail("spray"), password: "Winter2026!", sourceAddress: address })).toMatchObject({ reason: "invalid" });
    }
    const user = await userWithPassword("viewer");
    expect(await signInWithPassword({ email: user.email, password: TEST_PASSWORD, sourceAddress: address })).toMatchObject({ reason: "rate_limited" });
    expect(await signInWithPassword({ email: user.email, password: TEST_PASSWORD, sourceAddress: uniqueAddress() })).toMatchObject({ ok: true });
    // A success elsewhere does not reset the address.
    expect(await signInWithPassword({ email: user.email, password: TEST_PASSWORD, sourceAddress: address })).toMatchObject({ reason: "rate_limited" });
  });

  it("counts an IPv6 source by its /64, so rotating addresses inside it does not help", async () => {
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:7`;
    expect(addressKey(`${prefix}::1`)).toBe(addressKey(`${prefix}:ffff:ffff:ffff:fffe`));
    expect(addressKey("127.0.0.1")).toBe("127.0.0.1");
    for (let i = 0; i < perAddress; i++) await signInWithPassword({ email: uniqueEmail("v6"), password: "x", sourceAddress: `${prefix}::${(i + 1).toString(16)}` });
    const user = await userWithPassword("viewer");
    expect(await signInWithPassword({ email: user.email, password: TEST_PASSWORD, sourceAddress: `${prefix}:1:2:3:4` })).toMatchObject({ reason: "rate_limited" });
  });

  it(`lets at most ${perAccount} of many simultaneous guesses reach the password check`, async () => {
    const user = await userWithPassword("admin");
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => signInWithPassword({ email: user.email, password: `parallel ${i}`, sourceAddress: uniqueAddress() })));
    expect(results.filter((result) => result.ok === false && result.reason === "invalid")).toHaveLength(perAccount);
    expect(results.filter((result) => result.ok === false && result.reason === "rate_limited")).toHaveLength(20 - perAccount);
    expect(await prisma().auditEntry.count({ where: { action: "auth.sign_in_failed", subject: `user:${user.id}` } })).toBe(perAccount);
  });
});
