import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startHttpReceiver, startSmtpReceiver, signatureVerifies, type HttpReceiver, type SmtpReceiver } from "@/tests/support/alert-receivers";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { cliContext } from "@/tests/support/users";
import { createAlertChannel } from "../alert-channels/create-alert-channel";
import { updateAlertChannel } from "../alert-channels/update-alert-channel";
import { disconnect, pool } from "../db";
import { reloadEnv } from "../env";
import { dispatchAlerts } from "./dispatch-alerts";
import { recordAlert } from "./record-alert";
import { resolveAlert } from "./resolve-alert";

let slack: HttpReceiver;
let webhook: HttpReceiver;
let smtp: SmtpReceiver;

beforeAll(async () => {
  await useFreshDatabase("alert_dispatch");
  [slack, webhook, smtp] = await Promise.all([startHttpReceiver("T0SLACK/B0SLACK/slackpathtoken"), startHttpReceiver("hook-path-token"), startSmtpReceiver()]);
});

afterAll(async () => {
  await Promise.all([slack.close(), webhook.close(), smtp.close()]);
  await disconnect();
});

beforeEach(async () => {
  // Each test starts with no channel and nothing left over from the one before.
  await pool().query(`DELETE FROM alert_channel`);
  await pool().query(`UPDATE alert SET resolved_at = now() WHERE resolved_at IS NULL`);
  await pool().query(`UPDATE alert_notification SET fanned_out_at = now() WHERE fanned_out_at IS NULL`);
  for (const receiver of [slack, webhook]) {
    receiver.requests.length = 0;
    receiver.answer(200);
  }
  smtp.mails.length = 0;
  delete process.env.HOOKWARDEN_ALERT_RATE_PER_MINUTE;
  delete process.env.HOOKWARDEN_ALERT_FLAP_MINUTES;
  reloadEnv();
});

const FLAP_MS = 5 * 60_000;
const later = (ms: number) => new Date(Date.now() + ms);
let counter = 0;
const unique = (prefix: string) => `${prefix}_${process.pid}_${++counter}`;

async function deliveries(channelName: string) {
  const { rows } = await pool().query<{ transition: string; status: string; attempts: number; last_error: string | null; next_attempt_at: Date; subject: string }>(
    `SELECT n.transition, d.status, d.attempts, d.last_error, d.next_attempt_at, a.subject
       FROM alert_delivery d JOIN alert_channel c ON c.id = d.channel_id JOIN alert_notification n ON n.id = d.notification_id JOIN alert a ON a.id = n.alert_id
      WHERE c.name = $1 ORDER BY d.id`,
    [channelName],
  );
  return rows;
}

/** What leaked data would look like in a message: none of it may be sent anywhere. */
const LEAKS = ["whsec_", "sk_live_", "rk_live_", "4242 4242", "jane.doe@example.com", "slackpathtoken", "hook-path-token", "smtp-pa55word", "hwsec_"];

describe("alert dispatch", () => {
  it("sends one message when an alert opens and one when it ends, to Slack, a signed webhook and e-mail, however often it repeats", async () => {
    const ledgerEventId = randomUUID();
    const stripeEventId = unique("evt");
    await createAlertChannel({ kind: "slack", name: "ops-slack", url: slack.url }, cliContext);
    const hook = await createAlertChannel({ kind: "webhook", name: "ops-hook", url: webhook.url }, cliContext);
    await createAlertChannel({ kind: "email", name: "ops-mail", smtpUrl: smtp.url(), from: "hookwarden@example.test", to: "oncall@example.test, second@example.test" }, cliContext);
    const secret = hook.signingSecret!;
    expect(secret).toMatch(/^hwsec_[0-9a-f]{64}$/);

    // A careless message: a future alert that quoted a secret, a card number and an e-mail address.
    const alert = {
      kind: "event_dead" as const,
      severity: "critical" as const,
      subject: `event:${stripeEventId}`,
      message: `charge.succeeded ${stripeEventId} is dead: refused whsec_leaked123 and sk_live_51Hx for jane.doe@example.com, card 4242 4242 4242 4242`,
      detail: { ledgerEventId },
    };
    await recordAlert(alert);
    await dispatchAlerts();
    await recordAlert(alert);
    await recordAlert(alert);
    await dispatchAlerts();
    expect(slack.requests).toHaveLength(1);
    expect(webhook.requests).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);

    const slackText = (JSON.parse(slack.requests[0]!.body) as { text: string }).text;
    expect(slackText).toContain(`CRITICAL: Event dead opened (event:${stripeEventId})`);
    expect(slackText).toContain(`<http://localhost:3000/events/${ledgerEventId}|Open in Hookwarden>`);

    const opened = webhook.requests[0]!;
    expect(signatureVerifies(opened.headers["hookwarden-signature"] as string, opened.body, secret)).toBe(true);
    expect(signatureVerifies(opened.headers["hookwarden-signature"] as string, opened.body, `hwsec_${"0".repeat(64)}`)).toBe(false);
    expect(signatureVerifies(opened.headers["hookwarden-signature"] as string, opened.body.replace("critical", "warning"), secret)).toBe(false);
    const openedJson = JSON.parse(opened.body) as { type: string; test: boolean; alerts: Record<string, unknown>[] };
    expect(openedJson.type).toBe("alert");
    expect(openedJson.test).toBe(false);
    expect(openedJson.alerts).toHaveLength(1);
    expect(openedJson.alerts[0]).toMatchObject({ change: "opened", kind: "event_dead", severity: "critical", subject: `event:${stripeEventId}`, endedAt: null, url: `http://localhost:3000/events/${ledgerEventId}` });
    expect(opened.headers["hookwarden-message-id"]).toMatch(/^\d+$/);

    const mail = smtp.mails[0]!;
    expect(mail.user).toBe("alerts");
    expect(mail.from).toBe("hookwarden@example.test");
    expect(mail.to).toEqual(["oncall@example.test", "second@example.test"]);
    expect(mail.subject).toBe(`[Hookwarden] CRITICAL: Event dead opened (event:${stripeEventId})`);
    expect(mail.text).toContain(`Open in Hookwarden: http://localhost:3000/events/${ledgerEventId}`);
    expect(mail.text).toContain("Started ");

    // Ended: held for the flap window, then one message each.
    await resolveAlert("event_dead", `event:${stripeEventId}`);
    await dispatchAlerts();
    expect(slack.requests).toHaveLength(1);
    await dispatchAlerts(later(FLAP_MS + 1_000));
    await dispatchAlerts(later(FLAP_MS + 2_000));
    expect(slack.requests).toHaveLength(2);
    expect(webhook.requests).toHaveLength(2);
    expect(smtp.mails).toHaveLength(2);
    expect((JSON.parse(slack.requests[1]!.body) as { text: string }).text).toContain(`Resolved: Event dead (event:${stripeEventId})`);
    const resolved = webhook.requests[1]!;
    expect(signatureVerifies(resolved.headers["hookwarden-signature"] as string, resolved.body, secret)).toBe(true);
    const resolvedItem = (JSON.parse(resolved.body) as { alerts: { change: string; startedAt: string; endedAt: string; notification: string }[] }).alerts[0]!;
    expect(resolvedItem.change).toBe("resolved");
    expect(resolvedItem.startedAt).toBe(openedJson.alerts[0]!.startedAt);
    expect(new Date(resolvedItem.endedAt).getTime()).toBeGreaterThanOrEqual(new Date(resolvedItem.startedAt).getTime());
    expect(resolvedItem.notification).not.toBe(openedJson.alerts[0]!.notification);
    expect(smtp.mails[1]!.subject).toBe(`[Hookwarden] Resolved: Event dead (event:${stripeEventId})`);
    expect(smtp.mails[1]!.text).toMatch(/ended .* \(lasted \d+ s\)/);

    // No raw payload, secret or personal data in any message, and no credential of a destination.
    const sent = [...slack.requests.map((request) => request.body), ...webhook.requests.map((request) => request.body), ...smtp.mails.map((message) => `${message.subject}\n${message.text}`)].join("\n");
    for (const leak of LEAKS) expect(sent, leak).not.toContain(leak);

    for (const channel of ["ops-slack", "ops-hook", "ops-mail"]) expect((await deliveries(channel)).map((row) => [row.transition, row.status, row.attempts])).toEqual([["opened", "delivered", 1], ["resolved", "delivered", 1]]);
  });

  it("merges what goes over a channel's rate limit into one digest, and drops nothing", async () => {
    process.env.HOOKWARDEN_ALERT_RATE_PER_MINUTE = "3";
    reloadEnv();
    await createAlertChannel({ kind: "webhook", name: "limited", url: webhook.url }, cliContext);
    const subjects = Array.from({ length: 7 }, () => `endpoint:${unique("storm")}`);
    for (const about of subjects) await recordAlert({ kind: "reconciliation_failed", severity: "warning", subject: about, message: "the scheduled run failed" });
    const t0 = Date.now();
    await dispatchAlerts(new Date(t0));

    const bodies = webhook.requests.map((request) => JSON.parse(request.body) as { type: string; ratePerMinute?: number; alerts: { subject: string }[] });
    expect(bodies.map((body) => [body.type, body.alerts.length])).toEqual([["alert", 1], ["alert", 1], ["digest", 5]]);
    expect(bodies[2]!.ratePerMinute).toBe(3);
    expect(bodies.flatMap((body) => body.alerts.map((item) => item.subject)).sort()).toEqual([...subjects].sort());
    expect((await deliveries("limited")).every((row) => row.status === "delivered")).toBe(true);

    // The minute's budget is spent: the next alerts wait for it, then go.
    for (const about of [`endpoint:${unique("late")}`, `endpoint:${unique("late")}`]) await recordAlert({ kind: "reconciliation_failed", severity: "warning", subject: about, message: "failed" });
    await dispatchAlerts(new Date(t0 + 10_000));
    expect(webhook.requests).toHaveLength(3);
    await dispatchAlerts(new Date(t0 + 61_000));
    expect(webhook.requests).toHaveLength(5);
    expect((await deliveries("limited")).filter((row) => row.status !== "delivered")).toEqual([]);
  });

  it("a flapping alert costs one message when the problem starts and one when it has really stopped", async () => {
    await createAlertChannel({ kind: "webhook", name: "flaps", url: webhook.url }, cliContext);
    const about = `secret:${unique("provider")}`;
    const raise = () => recordAlert({ kind: "secret_provider_unreachable", severity: "warning", subject: about, message: "Vault could not be read" });
    await raise();
    await dispatchAlerts();
    expect(webhook.requests).toHaveLength(1);
    const startedAt = (JSON.parse(webhook.requests[0]!.body) as { alerts: { startedAt: string }[] }).alerts[0]!.startedAt;

    // Down, up, down, up, down within the flap window: nothing to say yet.
    for (let flap = 0; flap < 2; flap++) {
      await resolveAlert("secret_provider_unreachable", about);
      await dispatchAlerts();
      await raise();
      await dispatchAlerts();
    }
    await dispatchAlerts(later(FLAP_MS + 1_000));
    expect(webhook.requests).toHaveLength(1);
    expect((await deliveries("flaps")).map((row) => [row.transition, row.status])).toEqual([
      ["opened", "delivered"],
      ["resolved", "suppressed"],
      ["opened", "suppressed"],
      ["resolved", "suppressed"],
      ["opened", "suppressed"],
    ]);

    // It stops for good: one message, dated from the first start.
    await resolveAlert("secret_provider_unreachable", about);
    await dispatchAlerts(later(FLAP_MS - 60_000));
    expect(webhook.requests).toHaveLength(1);
    await dispatchAlerts(later(FLAP_MS + 1_000));
    expect(webhook.requests).toHaveLength(2);
    const ended = (JSON.parse(webhook.requests[1]!.body) as { alerts: { change: string; startedAt: string }[] }).alerts[0]!;
    expect(ended).toMatchObject({ change: "resolved", startedAt });

    // A problem that comes back after the window is a new one: both messages go.
    await raise();
    await dispatchAlerts();
    await resolveAlert("secret_provider_unreachable", about);
    await pool().query(`UPDATE alert_notification n SET created_at = now() - interval '10 minutes' FROM alert a WHERE a.id = n.alert_id AND a.subject = $1 AND n.fanned_out_at IS NULL`, [about]);
    await raise();
    await dispatchAlerts();
    expect(webhook.requests.map((request) => (JSON.parse(request.body) as { alerts: { change: string }[] }).alerts[0]!.change)).toEqual(["opened", "resolved", "opened", "resolved", "opened"]);
  });

  it("sends each alert only to the channels whose minimum severity it reaches, and nothing to a disabled channel", async () => {
    await createAlertChannel({ kind: "slack", name: "pager", url: slack.url, minSeverity: "critical" }, cliContext);
    const team = await createAlertChannel({ kind: "webhook", name: "team", url: webhook.url }, cliContext);
    await recordAlert({ kind: "rotation_due", severity: "warning", subject: `endpoint:${unique("due")}`, message: "due soon" });
    await recordAlert({ kind: "rotation_overdue", severity: "critical", subject: `endpoint:${unique("overdue")}`, message: "overdue" });
    await dispatchAlerts();
    expect(slack.requests.map((request) => (JSON.parse(request.body) as { text: string }).text)).toEqual([expect.stringContaining("CRITICAL: Rotation overdue opened")]);
    expect(webhook.requests).toHaveLength(2);

    // Disabled: what it still had to send is cancelled, and new alerts skip it.
    webhook.answer(503);
    const stuck = `endpoint:${unique("stuck")}`;
    await recordAlert({ kind: "rotation_due", severity: "warning", subject: stuck, message: "due soon" });
    await dispatchAlerts();
    expect((await deliveries("team")).at(-1)).toMatchObject({ status: "pending", attempts: 1 });
    await updateAlertChannel({ id: team.id, enabled: false }, cliContext);
    await recordAlert({ kind: "rotation_due", severity: "warning", subject: `endpoint:${unique("after")}`, message: "due soon" });
    webhook.answer(200);
    await dispatchAlerts(later(10 * 60_000));
    expect(webhook.requests).toHaveLength(3);
    expect((await deliveries("team")).map((row) => row.status)).toEqual(["delivered", "delivered", "cancelled"]);
  });

  it("retries a failing channel with backoff, gives up after 10 attempts, and never holds back the others", async () => {
    await createAlertChannel({ kind: "slack", name: "healthy", url: slack.url }, cliContext);
    await createAlertChannel({ kind: "webhook", name: "broken", url: webhook.url }, cliContext);
    webhook.answer(500);
    const about = `endpoint:${unique("retry")}`;
    await recordAlert({ kind: "reconciliation_failed", severity: "warning", subject: about, message: "failed" });
    const t0 = Date.now();
    await dispatchAlerts(new Date(t0));
    expect(slack.requests).toHaveLength(1);
    expect(webhook.requests).toHaveLength(1);
    let [broken] = await deliveries("broken");
    expect(broken).toMatchObject({ status: "pending", attempts: 1 });
    expect(broken!.last_error).toMatch(/^127\.0\.0\.1:\d+ answered HTTP 500: invalid_token$/);
    expect(broken!.next_attempt_at.getTime()).toBe(t0 + 30_000);

    await dispatchAlerts(new Date(t0 + 10_000));
    expect(webhook.requests).toHaveLength(1);
    await dispatchAlerts(new Date(t0 + 31_000));
    expect(webhook.requests).toHaveLength(2);
    [broken] = await deliveries("broken");
    expect(broken).toMatchObject({ status: "pending", attempts: 2 });
    expect(broken!.next_attempt_at.getTime()).toBe(t0 + 31_000 + 60_000);

    // It recovers: the next attempt delivers.
    webhook.answer(200);
    await dispatchAlerts(new Date(t0 + 91_000));
    expect(webhook.requests).toHaveLength(3);
    [broken] = await deliveries("broken");
    expect(broken).toMatchObject({ status: "delivered", attempts: 3, last_error: null });

    // A channel that stays down: ten attempts, then the delivery is given up, and says why.
    webhook.answer(500);
    await recordAlert({ kind: "reconciliation_failed", severity: "warning", subject: `endpoint:${unique("down")}`, message: "failed" });
    let clock = Date.now();
    for (let attempt = 0; attempt < 12; attempt++) {
      await dispatchAlerts(new Date(clock));
      clock += 31 * 60_000;
    }
    const last = (await deliveries("broken")).at(-1)!;
    expect(last).toMatchObject({ status: "failed", attempts: 10 });
    expect(last.last_error).toMatch(/^gave up after 10 attempts: .*HTTP 500/);
    expect(webhook.requests).toHaveLength(13);
    for (const row of await deliveries("broken")) expect(row.last_error ?? "").not.toContain("hook-path-token");
  });

  it("a destination that never answers holds back no other channel", async () => {
    await createAlertChannel({ kind: "slack", name: "fast", url: slack.url }, cliContext);
    await createAlertChannel({ kind: "webhook", name: "silent", url: webhook.url }, cliContext);
    webhook.answer("hang");
    await recordAlert({ kind: "horizon_near", severity: "warning", subject: unique("horizon"), message: "near" });
    const started = Date.now();
    const round = dispatchAlerts();
    await expect.poll(() => slack.requests.length, { timeout: 5_000, interval: 50 }).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await deliveries("fast"))[0]!.status).toBe("delivered");
    await round;
    expect((await deliveries("silent"))[0]).toMatchObject({ status: "pending", attempts: 1, last_error: expect.stringMatching(/did not answer within 10 s$/) });
  }, 30_000);
});
