import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { disconnect, pool, withTransaction } from "../db";
import { recordAlert } from "./record-alert";
import { resolveAlert } from "./resolve-alert";
import { resolveAlerts } from "./resolve-alerts";

beforeAll(async () => {
  await useFreshDatabase("alert_outbox");
});
afterAll(() => disconnect());

let counter = 0;
const subject = () => `endpoint:outbox-${process.pid}-${++counter}`;

async function notifications(subjectOf: string) {
  const { rows } = await pool().query<{ alert_id: string; transition: string; severity: string }>(
    `SELECT n.alert_id::text, n.transition, n.severity FROM alert_notification n JOIN alert a ON a.id = n.alert_id WHERE a.subject = $1 ORDER BY n.id`,
    [subjectOf],
  );
  return rows;
}

describe("the alert outbox", () => {
  it("enqueues one opened and one resolved notification per alert, however many times it repeats", async () => {
    const about = subject();
    const first = await recordAlert({ kind: "reconciliation_failed", severity: "warning", subject: about, message: "run failed" });
    expect(first.opened).toBe(true);
    for (let repeat = 0; repeat < 4; repeat++) {
      const again = await recordAlert({ kind: "reconciliation_failed", severity: "critical", subject: about, message: `run failed again (${repeat})` });
      expect(again).toEqual({ id: first.id, opened: false });
    }
    expect(await notifications(about)).toEqual([{ alert_id: first.id, transition: "opened", severity: "warning" }]);

    expect(await resolveAlert("reconciliation_failed", about)).toBe(true);
    expect(await resolveAlert("reconciliation_failed", about)).toBe(false);
    // The severity it had when it ended (a repeat raised it to critical).
    expect(await notifications(about)).toEqual([
      { alert_id: first.id, transition: "opened", severity: "warning" },
      { alert_id: first.id, transition: "resolved", severity: "critical" },
    ]);

    const reopened = await recordAlert({ kind: "reconciliation_failed", severity: "warning", subject: about, message: "and again" });
    expect(reopened.opened).toBe(true);
    expect(reopened.id).not.toBe(first.id);
    expect((await notifications(about)).map((row) => row.transition)).toEqual(["opened", "resolved", "opened"]);
  });

  it("opens an alert once when the same problem is recorded by many workers at the same moment", async () => {
    const about = subject();
    const recorded = await Promise.all(Array.from({ length: 12 }, (_, worker) => recordAlert({ kind: "event_dead", severity: "critical", subject: about, message: `worker ${worker}` })));
    expect(recorded.filter((alert) => alert.opened)).toHaveLength(1);
    expect(new Set(recorded.map((alert) => alert.id)).size).toBe(1);
    expect(await notifications(about)).toHaveLength(1);
  });

  it("writes the notification in the alert's own statement: a rolled-back alert leaves no message behind", async () => {
    const about = subject();
    await expect(
      withTransaction(async (sql) => {
        await recordAlert({ kind: "event_dead", severity: "critical", subject: about, message: "dead" }, sql);
        throw new Error("the processing transaction failed after the alert");
      }),
    ).rejects.toThrow(/processing transaction failed/);
    const { rows } = await pool().query(`SELECT 1 FROM alert WHERE subject = $1`, [about]);
    expect(rows).toEqual([]);
    expect(await notifications(about)).toEqual([]);
  });

  it("resolves many alerts at once with one resolved notification each, and refuses to resolve everything", async () => {
    const kept = subject();
    const over = [subject(), subject()];
    for (const about of [kept, ...over]) await recordAlert({ kind: "secret_unused", severity: "warning", subject: about, message: "unused" });
    const mine = [kept, ...over];
    const resolved = await resolveAlerts({ kinds: ["secret_unused"], dedupKeys: mine.map((about) => `secret_unused:${about}`), subjectsNotIn: [kept] });
    expect(resolved).toBe(2);
    for (const about of over) expect((await notifications(about)).map((row) => row.transition)).toEqual(["opened", "resolved"]);
    expect((await notifications(kept)).map((row) => row.transition)).toEqual(["opened"]);
    await expect(resolveAlerts({})).rejects.toThrow(/needs a filter/);
  });

  it("no code outside server/alerts/ opens or resolves an alert by SQL of its own (which would skip the outbox)", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const offenders: string[] = [];
    for (const folder of ["server", "app", "cli", "inngest", "scripts"]) {
      for (const file of readdirSync(path.join(root, folder), { recursive: true }) as string[]) {
        const relative = path.posix.join(folder, file.split(path.sep).join("/"));
        if (!/\.(ts|tsx|mts|mjs)$/.test(relative) || relative.endsWith(".test.ts") || relative.startsWith("server/alerts/")) continue;
        const text = readFileSync(path.join(root, relative), "utf8");
        if (/INSERT\s+INTO\s+"?alert"?\s*\(|UPDATE\s+"?alert"?\s+SET\s+(?:[^;`]*\b)?resolved_at/i.test(text)) offenders.push(relative);
      }
    }
    expect(offenders).toEqual([]);
  });
});
