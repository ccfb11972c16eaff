import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAlertChannel } from "../../server/alert-channels/create-alert-channel";
import { recordAlert } from "../../server/alerts/record-alert";
import { disconnect } from "../../server/db";
import { startHttpReceiver, type HttpReceiver } from "../../tests/support/alert-receivers";
import { useFreshDatabase } from "../../tests/support/fresh-database";
import { cliContext } from "../../tests/support/users";
import { alertDispatch } from "./alert-dispatch";

let slack: HttpReceiver;
beforeAll(async () => {
  await useFreshDatabase("alert_dispatch_cron");
  slack = await startHttpReceiver();
});
afterAll(async () => {
  await slack.close();
  await disconnect();
});

const tick = () => new InngestTestEngine({ function: alertDispatch }).execute({ events: [{ name: "inngest/scheduled.timer", data: {} }] });

describe("alert dispatch (Inngest cron function)", () => {
  it("sends an alert that opened to the channels, once, whatever the number of ticks", async () => {
    await createAlertChannel({ kind: "slack", name: "cron-slack", url: slack.url }, cliContext);
    await recordAlert({ kind: "reconciliation_failed", severity: "warning", subject: "endpoint:cron", message: "the scheduled run failed" });
    const first = await tick();
    expect(first.error).toBeUndefined();
    expect(first.result).toEqual({ fannedOut: 1, messages: 1, failedMessages: 0 });
    expect((await tick()).result).toEqual({ fannedOut: 0, messages: 0, failedMessages: 0 });
    expect(slack.requests).toHaveLength(1);
    expect((JSON.parse(slack.requests[0]!.body) as { text: string }).text).toContain("Reconciliation failed opened (endpoint:cron)");
  });
});
