import { createServer, type AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createAlertChannelAction, testAlertChannelAction } from "@/app/(console)/admin/alert-channels/actions";
import { apiDelete, apiGet, apiPatch, apiPost } from "@/tests/support/api";
import { signatureVerifies, startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from "@/tests/support/alert-receivers";
import { actAs, sessionFor } from "@/tests/support/console";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { cliContext } from "@/tests/support/users";
import { createApiKey } from "@/server/auth/create-api-key";
import { disconnect, pool, prisma } from "@/server/db";
import { setLogSink } from "@/server/log";

vi.mock("@/server/auth/request-context", () => ({ requestContext: vi.fn(), renewSessionCookie: vi.fn() }));

let slack: HttpReceiver;
let webhook: HttpReceiver;
let smtp: SmtpReceiver;
const keys = { admin: "", operator: "", viewer: "" };

beforeAll(async () => {
  await useFreshDatabase("alert_channels_api");
  [slack, webhook, smtp] = await Promise.all([startHttpReceiver("T1/B1/slacksecrettoken"), startHttpReceiver("webhooksecrettoken"), startSmtpReceiver()]);
  for (const role of ["admin", "operator", "viewer"] as const) keys[role] = (await createApiKey({ name: `alerts-${role}`, role }, cliContext)).key;
});

afterAll(async () => {
  await Promise.all([slack.close(), webhook.close(), smtp.close()]);
  await disconnect();
});

beforeEach(async () => {
  await pool().query(`DELETE FROM alert_channel`);
  slack.answer(200);
  webhook.answer(200);
});

/** A port nothing listens on (now): connections to it are refused. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Everything that must never come back from the API, be stored in the clear or be logged: the destinations' secret parts. */
const SECRETS = ["slacksecrettoken", "webhooksecrettoken", "smtp-pa55word"];

async function snapshot() {
  const channels = await pool().query(`SELECT name, kind, target_host, min_severity, enabled, email_to, signing_secret_fingerprint FROM alert_channel ORDER BY name`);
  const audit = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entry WHERE action LIKE 'alert_channels.%'`);
  return { channels: channels.rows, audit: audit.rows[0]!.n };
}

describe("alert channels through the REST API", () => {
  it("adds Slack, webhook and e-mail channels; shows their hosts only, never a URL, password or signing secret", async () => {
    const added = await apiPost("/api/v1/alert-channels", keys.admin, { kind: "slack", name: "ops-slack", url: slack.url, minSeverity: "critical" });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ name: "ops-slack", kind: "slack", destination: new URL(slack.url).host, minSeverity: "critical", enabled: true });
    expect(added.body).not.toHaveProperty("signingSecret");

    const hook = await apiPost("/api/v1/alert-channels", keys.admin, { kind: "webhook", name: "ops-hook", url: webhook.url });
    expect(hook.status).toBe(201);
    const secret = hook.body.signingSecret as string;
    expect(secret).toMatch(/^hwsec_[0-9a-f]{64}$/);
    expect(hook.body.signingSecretFingerprint).toMatch(/^[0-9a-f]{12}$/);

    const mail = await apiPost("/api/v1/alert-channels", keys.admin, { kind: "email", name: "ops-mail", smtpUrl: smtp.url(), from: "hookwarden@example.test", to: ["Oncall@Example.TEST", "Oncall@example.test"] });
    expect(mail.status).toBe(201);
    expect(mail.body).toMatchObject({ destination: `127.0.0.1:${smtp.port}`, emailFrom: "hookwarden@example.test", emailTo: ["Oncall@example.test"] });

    const listed = await apiGet("/api/v1/alert-channels", keys.operator);
    expect(listed.status).toBe(200);
    expect((listed.body.data as { name: string }[]).map((channel) => channel.name)).toEqual(["ops-hook", "ops-mail", "ops-slack"]);
    const one = await apiGet(`/api/v1/alert-channels/ops-hook`, keys.operator);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: hook.body.id, pending: 0, failed: 0, lastMessage: null, deliveries: [] });
    const shown = JSON.stringify([listed.body, one.body]);
    for (const hidden of [...SECRETS, secret, "hwsec_"]) expect(shown).not.toContain(hidden);

    // At rest: ciphertexts only, which open to the destinations.
    const stored = await pool().query<{ target_ciphertext: Buffer; signing_secret_ciphertext: Buffer | null }>(`SELECT target_ciphertext, signing_secret_ciphertext FROM alert_channel`);
    const bytes = Buffer.concat(stored.rows.flatMap((row) => [row.target_ciphertext, row.signing_secret_ciphertext ?? Buffer.alloc(0)]));
    for (const hidden of [...SECRETS, secret]) expect(bytes.includes(Buffer.from(hidden))).toBe(false);

    const audit = await prisma().auditEntry.findMany({ where: { action: "alert_channels.create" }, orderBy: { id: "asc" } });
    expect(audit.map((entry) => [entry.actorKind, entry.subject])).toEqual([
      ["api_key", `alert_channel:${added.body.id as string}`],
      ["api_key", `alert_channel:${hook.body.id as string}`],
      ["api_key", `alert_channel:${mail.body.id as string}`],
    ]);
    expect(audit[1]!.after).toMatchObject({ kind: "webhook", destination: new URL(webhook.url).host, signingSecret: hook.body.signingSecretFingerprint });
    const audited = JSON.stringify(audit.map((entry) => [entry.before, entry.after, entry.detail]));
    for (const hidden of [...SECRETS, secret]) expect(audited).not.toContain(hidden);
  });

  it("refuses bad input with a clear error, and stores nothing", async () => {
    await apiPost("/api/v1/alert-channels", keys.admin, { kind: "slack", name: "taken", url: slack.url });
    const before = await snapshot();
    const cases: [unknown, number, RegExp][] = [
      [{ kind: "pager", name: "x", url: slack.url }, 422, /kind must be one of slack, webhook, email/],
      [{ name: "x", url: slack.url }, 422, /kind must be one of/],
      [{ kind: "slack", name: "x", url: "http://hooks.example.com/services/abc" }, 422, /url must use https:\/\/ \(plain http:\/\/ is accepted only for this machine/],
      [{ kind: "webhook", name: "x", url: "ftp://files.example.com/drop" }, 422, /url must start with https:\/\//],
      [{ kind: "webhook", name: "x", url: "not a url" }, 422, /url must be a URL/],
      [{ kind: "webhook", name: "x", url: "https://user:pass@alerts.example.com/" }, 422, /must not contain user:password@/],
      [{ kind: "webhook", name: "x" }, 422, /url is required/],
      [{ kind: "email", name: "x", smtpUrl: "http://smtp.example.com", from: "a@example.com", to: ["b@example.com"] }, 422, /smtpUrl must start with smtp:\/\//],
      [{ kind: "email", name: "x", smtpUrl: "smtp://smtp.example.com/inbox", from: "a@example.com", to: ["b@example.com"] }, 422, /smtpUrl must be only smtp\[s\]:\/\//],
      [{ kind: "email", name: "x", smtpUrl: "smtp://smtp.example.com", from: "not an address", to: [] }, 422, /from: must be an e-mail address.*to: to needs at least one/],
      [{ kind: "slack", name: "", url: slack.url }, 422, /a channel needs a name/],
      [{ kind: "slack", name: "x", url: slack.url, minSeverity: "info" }, 422, /minSeverity must be warning .* or critical/],
      [{ kind: "slack", name: "taken", url: slack.url }, 409, /named "taken" exists already/],
      ["not json", 422, /must be JSON/],
    ];
    for (const [body, status, message] of cases) {
      const answer = await apiPost("/api/v1/alert-channels", keys.admin, body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect((answer.body.error as { message: string }).message, JSON.stringify(body)).toMatch(message);
      // The refused value itself is never echoed: a URL may be a credential.
      for (const hidden of ["hooks.example.com/services/abc", "user:pass@"]) expect(JSON.stringify(answer.body)).not.toContain(hidden);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("lets operators list and test channels, and only admins change them; a viewer sees nothing", async () => {
    const added = await apiPost("/api/v1/alert-channels", keys.admin, { kind: "slack", name: "roles", url: slack.url });
    const id = added.body.id as string;
    const before = await snapshot();
    expect((await apiPost("/api/v1/alert-channels", keys.operator, { kind: "slack", name: "mine", url: slack.url })).status).toBe(403);
    expect((await apiPatch(`/api/v1/alert-channels/${id}`, keys.operator, { enabled: false })).status).toBe(403);
    expect((await apiDelete(`/api/v1/alert-channels/${id}`, keys.operator, { reason: "not wanted" })).status).toBe(403);
    expect((await apiGet("/api/v1/alert-channels", keys.viewer)).status).toBe(403);
    expect((await apiPost(`/api/v1/alert-channels/${id}/test`, keys.viewer)).status).toBe(403);
    expect((await apiGet("/api/v1/alert-channels")).status).toBe(401);
    expect(await snapshot()).toEqual(before);

    expect((await apiGet("/api/v1/alert-channels", keys.operator)).status).toBe(200);
    const tested = await apiPost(`/api/v1/alert-channels/${id}/test`, keys.operator);
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({ channel: "roles", delivered: true, error: null });

    // The console's server actions: the same rule, checked on the server.
    const operator = await sessionFor("operator");
    await actAs(operator.claims);
    const form = new FormData();
    for (const [field, value] of Object.entries({ kind: "slack", name: "from-console", url: slack.url })) form.set(field, value);
    expect(await createAlertChannelAction(form)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await testAlertChannelAction({ id })).toMatchObject({ ok: true, data: { delivered: true } });
    const admin = await sessionFor("admin");
    await actAs(admin.claims);
    expect(await createAlertChannelAction(form)).toMatchObject({ ok: true, data: { name: "from-console", kind: "slack" } });
  });

  it("changes a channel, refuses what its kind does not have, and rotates a webhook's signing secret", async () => {
    const hook = await apiPost("/api/v1/alert-channels", keys.admin, { kind: "webhook", name: "change-me", url: webhook.url });
    const id = hook.body.id as string;
    const renamed = await apiPatch(`/api/v1/alert-channels/${id}`, keys.admin, { name: "changed", minSeverity: "critical", enabled: false });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "changed", minSeverity: "critical", enabled: false, changed: true });
    expect((await apiPatch(`/api/v1/alert-channels/changed`, keys.admin, { name: "changed" })).body).toMatchObject({ changed: false });

    const before = await snapshot();
    const wrongField = await apiPatch(`/api/v1/alert-channels/${id}`, keys.admin, { smtpUrl: smtp.url(), to: ["a@example.com"] });
    expect(wrongField.status).toBe(422);
    expect(wrongField.body.error).toMatchObject({ fields: { smtpUrl: "only e-mail channels have an smtpUrl", to: "only e-mail channels have recipients" } });
    expect((await apiPatch(`/api/v1/alert-channels/${id}`, keys.admin, { kind: "email" })).body.error).toMatchObject({ message: expect.stringMatching(/kind cannot change/) });
    expect((await apiPatch(`/api/v1/alert-channels/${id}`, keys.admin, { url: "http://example.com/hook" })).status).toBe(422);
    expect((await apiPatch(`/api/v1/alert-channels/no-such-channel`, keys.admin, { enabled: true })).status).toBe(404);
    expect(await snapshot()).toEqual(before);

    const rotated = await apiPatch(`/api/v1/alert-channels/${id}`, keys.admin, { rotateSigningSecret: true, enabled: true });
    const fresh = rotated.body.signingSecret as string;
    expect(fresh).toMatch(/^hwsec_/);
    expect(fresh).not.toBe(hook.body.signingSecret);
    const tested = await apiPost(`/api/v1/alert-channels/${id}/test`, keys.admin);
    expect(tested.body).toMatchObject({ delivered: true });
    const message = webhook.requests.at(-1)!;
    expect(signatureVerifies(message.headers["hookwarden-signature"] as string, message.body, fresh)).toBe(true);
    expect(signatureVerifies(message.headers["hookwarden-signature"] as string, message.body, hook.body.signingSecret as string)).toBe(false);
    expect(JSON.parse(message.body)).toMatchObject({ type: "test", test: true, channel: "changed", alerts: [] });

    const updates = await prisma().auditEntry.findMany({ where: { action: "alert_channels.update", subject: `alert_channel:${id}` }, orderBy: { id: "asc" } });
    expect(updates.map((entry) => [entry.before, entry.after].map((state) => (state as { name: string; enabled: boolean }).enabled))).toEqual([
      [true, false],
      [false, true],
    ]);
    const audited = JSON.stringify(updates.map((entry) => [entry.before, entry.after]));
    for (const hidden of [...SECRETS, fresh]) expect(audited).not.toContain(hidden);
  });

  it("deletes a channel only with a reason, which the audit log keeps", async () => {
    const added = await apiPost("/api/v1/alert-channels", keys.admin, { kind: "slack", name: "doomed", url: slack.url });
    const id = added.body.id as string;
    const refused = await apiDelete(`/api/v1/alert-channels/${id}`, keys.admin);
    expect(refused.status).toBe(422);
    expect((refused.body.error as { message: string }).message).toMatch(/a reason is required/);
    expect((await apiGet(`/api/v1/alert-channels/${id}`, keys.admin)).status).toBe(200);
    const deleted = await apiDelete(`/api/v1/alert-channels/${id}`, keys.admin, { reason: "the team moved to the pager" });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ name: "doomed", deleted: true });
    expect((await apiGet(`/api/v1/alert-channels/${id}`, keys.admin)).status).toBe(404);
    const entry = await prisma().auditEntry.findFirstOrThrow({ where: { action: "alert_channels.delete", subject: `alert_channel:${id}` } });
    expect(entry.detail).toBe("the team moved to the pager");
  });

  it("sends a marked test message to each kind of channel and reports a failure in words, never logging a destination", async () => {
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    process.env.HOOKWARDEN_LOG_LEVEL = "debug";
    try {
      const slackChannel = await apiPost("/api/v1/alert-channels", keys.admin, { kind: "slack", name: "test-slack", url: slack.url });
      const mailChannel = await apiPost("/api/v1/alert-channels", keys.admin, { kind: "email", name: "test-mail", smtpUrl: smtp.url(), from: "hookwarden@example.test", to: ["oncall@example.test"] });
      const wrongPassword = await apiPost("/api/v1/alert-channels", keys.admin, { kind: "email", name: "bad-login", smtpUrl: smtp.url("alerts:wrong-pa55word"), from: "hookwarden@example.test", to: ["oncall@example.test"] });
      const closedPort = await freePort();
      const nowhere = await apiPost("/api/v1/alert-channels", keys.admin, { kind: "webhook", name: "nowhere", url: `http://127.0.0.1:${closedPort}/webhooksecrettoken` });

      const slackTest = await apiPost(`/api/v1/alert-channels/${slackChannel.body.id as string}/test`, keys.operator);
      expect(slackTest.body).toMatchObject({ delivered: true, error: null });
      expect((JSON.parse(slack.requests.at(-1)!.body) as { text: string }).text).toMatch(/^:test_tube: \*\[TEST\] Hookwarden test message for the alert channel "test-slack"\*/);

      const mailTest = await apiPost(`/api/v1/alert-channels/${mailChannel.body.id as string}/test`, keys.operator);
      expect(mailTest.body).toMatchObject({ delivered: true });
      expect(smtp.mails.at(-1)).toMatchObject({ subject: '[Hookwarden] [TEST] Hookwarden test message for the alert channel "test-mail"', to: ["oncall@example.test"] });
      expect(smtp.mails.at(-1)!.text).toContain("No action needed");

      slack.answer(404);
      const notFound = await apiPost(`/api/v1/alert-channels/${slackChannel.body.id as string}/test`, keys.operator);
      expect(notFound.status).toBe(200);
      expect(notFound.body).toMatchObject({ delivered: false, error: expect.stringMatching(/^127\.0\.0\.1:\d+ answered HTTP 404: invalid_token$/) });
      const refusedLogin = await apiPost(`/api/v1/alert-channels/${wrongPassword.body.id as string}/test`, keys.operator);
      expect(refusedLogin.body).toMatchObject({ delivered: false, error: expect.stringMatching(/SMTP EAUTH 535/) });
      const refusedConnection = await apiPost(`/api/v1/alert-channels/${nowhere.body.id as string}/test`, keys.operator);
      expect(refusedConnection.body).toMatchObject({ delivered: false, error: `127.0.0.1:${closedPort} refused the connection` });

      const state = await apiGet(`/api/v1/alert-channels/test-slack`, keys.operator);
      expect(state.body.lastMessage).toMatchObject({ type: "test", outcome: "failed", error: expect.stringMatching(/HTTP 404/) });
      const tests = await prisma().auditEntry.findMany({ where: { action: "alert_channels.test" }, orderBy: { id: "asc" } });
      expect(tests.slice(-5).map((entry) => (entry.after as { delivered: boolean }).delivered)).toEqual([true, true, false, false, false]);
      const everything = [JSON.stringify([slackTest.body, mailTest.body, notFound.body, refusedLogin.body, refusedConnection.body, state.body, tests.map((entry) => entry.after)]), ...lines].join("\n");
      expect(lines.filter((line) => line.includes("alert message not delivered"))).toHaveLength(3);
      for (const hidden of [...SECRETS, "wrong-pa55word"]) expect(everything).not.toContain(hidden);
    } finally {
      setLogSink(undefined);
      process.env.HOOKWARDEN_LOG_LEVEL = "silent";
    }
  });

  /** An address of this machine that is not loopback, where there is one: it counts as another machine. */
  const outside = Object.values(networkInterfaces()).flat().find((address) => address && !address.internal && address.family === "IPv4")?.address;

  it.skipIf(!outside)("never sends SMTP credentials or alerts in the clear to another machine: smtp:// must upgrade with STARTTLS", async () => {
    const plain = await startSmtpReceiver("alerts", "smtp-pa55word", outside!);
    try {
      const channel = await apiPost("/api/v1/alert-channels", keys.admin, { kind: "email", name: "cleartext", smtpUrl: plain.url(), from: "hookwarden@example.test", to: ["oncall@example.test"] });
      expect(channel.status).toBe(201);
      const tested = await apiPost(`/api/v1/alert-channels/${channel.body.id as string}/test`, keys.admin);
      expect(tested.body).toMatchObject({ delivered: false, error: expect.stringMatching(/STARTTLS|TLS/) });
      expect(plain.authAttempts()).toBe(0);
      expect(plain.mails).toEqual([]);
      expect(JSON.stringify(tested.body)).not.toContain("smtp-pa55word");
    } finally {
      await plain.close();
    }
  });
});
