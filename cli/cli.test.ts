import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateApiKey } from "../server/auth/authenticate-api-key";
import { disconnect, prisma } from "../server/db";
import { PEER_HEADER } from "../server/intake/client-address";
import { drainQueue } from "../server/queue/embedded-runner";
import { handleWebhookRequest } from "../server/intake/handle-webhook-request";
import { newSecret } from "../tests/support/intake";
import { uniqueAddress, uniqueEmail } from "../tests/support/users";
import { signInWithPassword } from "../server/auth/sign-in-with-password";
import { changePassword } from "../server/users/change-password";
import type { FakeStripe } from "../server/stripe-fake/fake-stripe";
import { useFakeStripe } from "../tests/support/fake-stripe";
import { hookwarden } from "../tests/support/hookwarden-cli";

const uniqueName = () => `cli-${randomBytes(4).toString("hex")}`;

afterAll(() => disconnect());

describe("hookwarden CLI", () => {
  it("refuses an unknown flag with the usage and exit code 2, and changes nothing", async () => {
    const name = uniqueName();
    const result = await hookwarden(["endpoint", "add", name, "--bogus"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--bogus'/);
    expect(result.stderr).toContain("Usage:");
    expect(await prisma().endpoint.count({ where: { name } })).toBe(0);
  });

  it("adds and lists an endpoint; a malformed name is a clear error", async () => {
    const name = uniqueName();
    const added = await hookwarden(["endpoint", "add", name, "--tolerance", "120"]);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`/api/stripe/webhook/${name}`);
    expect(await prisma().endpoint.findUnique({ where: { name } })).toMatchObject({ toleranceSeconds: 120 });
    expect((await hookwarden(["endpoint", "list"])).stdout).toContain(name);

    const bad = await hookwarden(["endpoint", "add", "Not A Slug"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/lowercase letters, digits or dashes/);
  });

  it("adds a secret from standard input, shows only its fingerprint, and stores it encrypted", async () => {
    const name = uniqueName();
    await hookwarden(["endpoint", "add", name]);
    const secret = newSecret();
    const added = await hookwarden(["secret", "add", name, "--expires-in", "24"], `${secret}\n`);
    expect(added.code).toBe(0);
    expect(added.stdout).not.toContain(secret);
    const row = await prisma().signingSecret.findFirstOrThrow({ where: { endpoint: { name } } });
    expect(added.stdout).toContain(row.fingerprint);
    expect(Buffer.from(row.ciphertext!).includes(Buffer.from(secret))).toBe(false);
    expect(row.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    const listed = await hookwarden(["secret", "list", name]);
    expect(listed.stdout).toContain(row.fingerprint);
    expect(listed.stdout).not.toContain(secret);

    const notASecret = await hookwarden(["secret", "add", name, "--secret", "sk_live_oops"]);
    expect(notASecret.code).toBe(1);
    expect(notASecret.stderr).not.toContain("sk_live_oops");
    expect(await prisma().signingSecret.count({ where: { endpoint: { name } } })).toBe(1);
  });

  it("creates an API key shown once that authenticates with its role; a wrong role is refused", async () => {
    const wrong = await hookwarden(["api-key", "create", "--role", "superuser", "--name", "x"]);
    expect(wrong.code).toBe(2);
    const created = await hookwarden(["api-key", "create", "--role", "operator", "--name", "ci"]);
    expect(created.code).toBe(0);
    const key = /(hwk_\S+)/.exec(created.stdout)?.[1];
    expect(key).toBeDefined();
    await expect(authenticateApiKey(`Bearer ${key}`, "operator")).resolves.toMatchObject({ role: "operator", name: "ci" });
    await expect(authenticateApiKey(`Bearer ${key}`, "admin")).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("hookwarden user", () => {
  it("create prints a one-time password that signs in once, and must be replaced before anything else", async () => {
    const email = uniqueEmail("first-admin");
    const created = await hookwarden(["user", "create", "--email", email.toUpperCase(), "--role", "admin", "--name", "First Admin"]);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    const password = /^ {2}(\S+)$/m.exec(created.stdout)?.[1];
    expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const user = await prisma().user.findUniqueOrThrow({ where: { email } });
    expect(user).toMatchObject({ role: "admin", name: "First Admin", mustChangePassword: true });
    expect(user.passwordHash).not.toContain(password!);
    expect(await prisma().auditEntry.findMany({ where: { subject: `user:${user.id}` } })).toMatchObject([{ action: "users.create", actorKind: "cli", actorLabel: expect.stringMatching(/^cli:/) }]);

    const address = uniqueAddress();
    const signedIn = await signInWithPassword({ email, password, sourceAddress: address });
    expect(signedIn).toMatchObject({ ok: true, user: { mustChangePassword: true } });
    const context = { actor: { kind: "user" as const, id: user.id, label: email }, sourceAddress: address };
    await changePassword(user.id, { currentPassword: password!, newPassword: "a password of my own choosing" }, context);
    expect(await signInWithPassword({ email, password, sourceAddress: address })).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("lists users, changes a role and deactivates, never printing a hash", async () => {
    const email = uniqueEmail("cli");
    await hookwarden(["user", "create", "--email", email, "--role", "viewer"]);
    const listed = await hookwarden(["user", "list"]);
    expect(listed.stdout).toMatch(new RegExp(`${email}\\s+viewer\\s+active\\s+must change password`));
    expect(listed.stdout).not.toContain("argon2");

    const before = await prisma().user.findUniqueOrThrow({ where: { email } });
    expect((await hookwarden(["user", "set-role", "--email", email, "--role", "operator"])).stdout).toContain("is now operator");
    expect(await prisma().user.findUniqueOrThrow({ where: { email } })).toMatchObject({ role: "operator", sessionVersion: before.sessionVersion + 1 });
    expect((await hookwarden(["user", "deactivate", "--email", email, "--reason", "test"])).code).toBe(0);
    expect((await prisma().user.findUniqueOrThrow({ where: { email } })).deactivatedAt).not.toBeNull();
  }, 90_000); // several CLI processes, each starting node and tsx: slow on a busy 2-core machine

  it("refuses bad flags and bad values with a clear error, changing nothing", async () => {
    const email = uniqueEmail("bad");
    const cases: [string[], number, RegExp][] = [
      [["user", "create", "--email", email, "--role", "superuser"], 2, /--role must be one of viewer, operator, admin/],
      [["user", "create", "--email", email, "--role", "admin", "--bogus"], 2, /Unknown option '--bogus'/],
      [["user", "create", "--role", "admin"], 2, /--email is required/],
      [["user", "create", "--email", "not-an-address", "--role", "admin"], 1, /email must be an e-mail address/],
      [["user", "promote", "--email", email], 2, /unknown user action "promote"/],
      [["user", "set-role", "--email", email, "--role", "admin"], 1, /No user has the e-mail address/],
    ];
    for (const [args, code, message] of cases) {
      const result = await hookwarden(args);
      expect(result.code, args.join(" ")).toBe(code);
      expect(result.stderr).toMatch(message);
    }
    expect(await prisma().user.count({ where: { email: { in: [email, "not-an-address"] } } })).toBe(0);

    await hookwarden(["user", "create", "--email", email, "--role", "viewer"]);
    const twice = await hookwarden(["user", "create", "--email", email, "--role", "admin"]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/already exists; nothing changed/);
    expect(await prisma().user.findMany({ where: { email } })).toMatchObject([{ role: "viewer" }]);
  }, 90_000); // eight CLI processes: timed out at 30 s twice on this shared 2-core machine under load
});

describe("hookwarden simulate", () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    // The real intake handler behind a plain HTTP server, as the product serves it.
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers(req.headers as Record<string, string>);
      headers.set(PEER_HEADER, req.socket.remoteAddress ?? "");
      const endpoint = (req.url ?? "").split("/").at(-1) ?? "";
      const response = await handleWebhookRequest(new Request(`http://localhost${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }), endpoint);
      res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends every scenario signed with the endpoint's secret, and the ledger tells duplicates apart", async () => {
    const name = uniqueName();
    await hookwarden(["endpoint", "add", name]);
    await hookwarden(["secret", "add", name, "--secret", newSecret()]);
    const result = await hookwarden(["simulate", "--url", url, "--endpoint", name]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/(\d+) of \1 deliveries answered 200/);

    const events = await prisma().stripeEvent.findMany({ where: { endpoint: { name } }, include: { deliveries: true } });
    expect(events.length).toBe(4 + 5 + 6 + 1 + 1 + 1 + 20 + 24);
    const types = new Set(events.map((event) => event.type));
    for (const type of ["checkout.session.completed", "customer.subscription.deleted", "charge.failed", "invoice.paid"]) expect(types).toContain(type);
    const repeated = events.find((event) => event.deliveryCount === 3);
    expect(repeated?.deliveries.map((delivery) => delivery.kind).sort()).toEqual(["first", "replay", "retry"]);

    // The payments were registered first: everything applies, except the scenarios built to be quarantined and to fail.
    await drainQueue();
    const after = await prisma().stripeEvent.groupBy({ by: ["status"], where: { endpoint: { name } }, _count: true });
    const count = Object.fromEntries(after.map((row) => [row.status, row._count]));
    expect(count).toEqual({ processed: expect.any(Number), ignored: expect.any(Number), quarantined: 1, dead: 1 });
    // The card-testing scenario opened a fraud review; nothing else looked like an attack.
    expect(await prisma().reviewItem.count({ where: { endpointId: events[0]!.endpointId } })).toBe(1);
    const held = await prisma().stripeEvent.findFirstOrThrow({ where: { endpoint: { name }, status: "quarantined" } });
    expect(await prisma().quarantineItem.findUnique({ where: { eventId: held.id } })).toMatchObject({ reason: "amount_mismatch" });
  });

  it("refuses an unknown scenario without sending anything", async () => {
    const result = await hookwarden(["simulate", "--url", url, "--scenario", "chaos"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--scenario must be all or one of/);
  });
});

describe("hookwarden reconcile, with the demo Stripe", () => {
  let fake: FakeStripe;
  beforeAll(async () => {
    fake = await useFakeStripe();
  });

  it("stores a Stripe key from standard input, scripts a missed payment with simulate, and one recovery run brings it in", async () => {
    const name = uniqueName();
    await hookwarden(["endpoint", "add", name]);
    const key = `rk_test_${randomBytes(10).toString("hex")}`;
    const stored = await hookwarden(["endpoint", "set-stripe-key", name], key);
    expect(stored.code).toBe(0);
    expect(stored.stdout).not.toContain(key);
    expect(stored.stdout).toMatch(/stored encrypted \(fingerprint [0-9a-f]{12}\)/);
    expect(Buffer.from((await prisma().endpoint.findUniqueOrThrow({ where: { name } })).stripeApiKeyCiphertext!).includes(key)).toBe(false);

    const simulated = await hookwarden(["simulate", "--url", "http://127.0.0.1:9", "--endpoint", name, "--scenario", "missed", "--stripe", fake.url, "--secret", newSecret()]);
    expect(simulated.code, simulated.stderr).toBe(0);
    expect(simulated.stdout).toMatch(/created at Stripe, never delivered/);

    const dry = await hookwarden(["reconcile", "missed-events", "--endpoint", name, "--dry-run", "--json"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ status: "succeeded", dryRun: true, findings: 3, repaired: 0 });
    const real = await hookwarden(["reconcile", "missed-events", "--endpoint", name]);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toMatch(/succeeded.*3 findings, 3 repaired/);
    expect(await prisma().stripeEvent.count({ where: { endpoint: { name }, origin: "recovered" } })).toBe(3);
  });

  it("refuses a bad action or flag with the usage, and a missing key with a clear message, starting nothing", async () => {
    const before = await prisma().reconciliationRun.count();
    expect((await hookwarden(["reconcile", "everything"])).code).toBe(2);
    expect((await hookwarden(["reconcile", "drift-audit", "--since", "2026-01-01T00:00:00Z"])).code).toBe(2);
    const name = uniqueName();
    await hookwarden(["endpoint", "add", name]);
    const keyless = await hookwarden(["reconcile", "drift-audit", "--endpoint", name]);
    expect(keyless.code).toBe(1);
    expect(keyless.stderr).toMatch(/has no Stripe API key.*hookwarden endpoint set-stripe-key/);
    expect((await hookwarden(["endpoint", "set-stripe-key", name], "sk_nope")).code).toBe(1);
    expect(await prisma().reconciliationRun.count()).toBe(before);
  });
});
