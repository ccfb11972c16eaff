import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { disconnect, pool } from "../db";
import { listOpenAlerts } from "./list-open-alerts";
import { recordAlert } from "./record-alert";

afterAll(() => disconnect());

describe("the overview's open alerts", () => {
  it("lists open alerts newest first, once per kind and subject, and leaves resolved ones out", async () => {
    const tag = randomBytes(4).toString("hex");
    await recordAlert({ kind: "reconciliation_failed", severity: "warning", subject: `endpoint:a-${tag}`, message: "first" });
    await recordAlert({ kind: "event_dead", severity: "critical", subject: `event:evt_${tag}`, message: "dead", detail: { ledgerEventId: "6f1c0000-0000-4000-8000-000000000001" } });
    await recordAlert({ kind: "reconciliation_failed", severity: "warning", subject: `endpoint:b-${tag}`, message: "resolved later" });
    // A repeat refreshes the open alert (time and message) instead of adding one.
    await recordAlert({ kind: "reconciliation_failed", severity: "critical", subject: `endpoint:a-${tag}`, message: "again" });
    await pool().query(`UPDATE alert SET resolved_at = now() WHERE subject = $1`, [`endpoint:b-${tag}`]);

    const mine = (await listOpenAlerts({ limit: 50 })).filter((alert) => alert.subject?.includes(tag));

    expect(mine.map((alert) => [alert.kind, alert.severity, alert.message])).toEqual([
      ["reconciliation_failed", "critical", "again"],
      ["event_dead", "critical", "dead"],
    ]);
    expect(mine[0]!.at >= mine[1]!.at).toBe(true);
    // An event's alert opens the event's page.
    expect(mine.map((alert) => alert.ledgerEventId)).toEqual([null, "6f1c0000-0000-4000-8000-000000000001"]);
  });
});
