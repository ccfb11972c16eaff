import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnect, pool } from "../server/db";
import { signatureVerifies, startHttpReceiver, type HttpReceiver } from "../tests/support/alert-receivers";
import { useFreshDatabase } from "../tests/support/fresh-database";
import { hookwarden } from "../tests/support/hookwarden-cli";

let receiver: HttpReceiver;
beforeAll(async () => {
  await useFreshDatabase("alert_channel_cli");
  receiver = await startHttpReceiver("cli-path-token");
}, 60_000);
afterAll(async () => {
  await receiver.close();
  await disconnect();
});

const channels = async () => (await pool().query<{ name: string; kind: string; target_host: string }>(`SELECT name, kind, target_host FROM alert_channel ORDER BY name`)).rows;

describe("hookwarden alert-channel", () => {
  it("adds a webhook channel from standard input, prints its signing secret once, lists it by host, tests it and removes it with a reason", async () => {
    const added = await hookwarden(["alert-channel", "add", "--kind", "webhook", "--name", "cli-hook", "--min-severity", "critical"], `${receiver.url}\n`);
    expect(added.code).toBe(0);
    const secret = /Signing secret \(shown once; give it to the receiver\): (hwsec_[0-9a-f]{64})/.exec(added.stdout)![1]!;
    expect(added.stdout).not.toContain("cli-path-token");
    expect(await channels()).toEqual([{ name: "cli-hook", kind: "webhook", target_host: new URL(receiver.url).host }]);

    const listed = await hookwarden(["alert-channel", "list"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^cli-hook\\s+webhook\\s+${new URL(receiver.url).host.replace(".", "\\.")}\\s+critical only\\s+enabled\\s+0 to send, 0 given up\\s+nothing sent yet$`, "m"));
    expect(listed.stdout).not.toContain("cli-path-token");
    expect(listed.stdout).not.toContain(secret);

    const tested = await hookwarden(["alert-channel", "test", "cli-hook"]);
    expect(tested.code).toBe(0);
    expect(tested.stdout).toMatch(/^Test message delivered to "cli-hook" in \d+ ms\.$/m);
    const message = receiver.requests.at(-1)!;
    expect(signatureVerifies(message.headers["hookwarden-signature"] as string, message.body, secret)).toBe(true);
    expect(JSON.parse(message.body)).toMatchObject({ type: "test", test: true });

    receiver.answer(500);
    const failed = await hookwarden(["alert-channel", "test", "cli-hook"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/the test message to "cli-hook" failed: 127\.0\.0\.1:\d+ answered HTTP 500/);

    const noReason = await hookwarden(["alert-channel", "remove", "cli-hook"]);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain("needs --reason");
    expect(await channels()).toHaveLength(1);
    const removed = await hookwarden(["alert-channel", "remove", "cli-hook", "--reason", "replaced by the pager"]);
    expect(removed.code).toBe(0);
    expect(await channels()).toEqual([]);
  }, 120_000);

  it("refuses an unknown kind, a bad URL and a missing recipient, saying which, and stores nothing", async () => {
    const unknownKind = await hookwarden(["alert-channel", "add", "--kind", "pager", "--name", "x"], "https://example.com/\n");
    expect(unknownKind.code).toBe(2);
    expect(unknownKind.stderr).toContain("alert-channel add needs --kind slack|webhook|email");
    expect(unknownKind.stderr).toContain("hookwarden alert-channel add --kind slack|webhook|email");
    const plainHttp = await hookwarden(["alert-channel", "add", "--kind", "slack", "--name", "x"], "http://hooks.example.com/services/T1/B1/leakytoken\n");
    expect(plainHttp.code).toBe(1);
    expect(plainHttp.stderr).toMatch(/url must use https:\/\//);
    expect(plainHttp.stderr).not.toContain("leakytoken");
    const noRecipient = await hookwarden(["alert-channel", "add", "--kind", "email", "--name", "x", "--from", "a@example.com"], "smtp://127.0.0.1:2525\n");
    expect(noRecipient.code).toBe(2);
    expect(noRecipient.stderr).toContain("needs --from ADDRESS and --to");
    expect(await channels()).toEqual([]);
  }, 120_000);
});
