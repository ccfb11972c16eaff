import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { disconnect, pool, prisma } from "../db";
import { csvCell, exportAuditCsv } from "./export-audit-csv";
import { listAudit } from "./list-audit";
import { recordAudit } from "./record-audit";

afterAll(() => disconnect());

const subjectOf = () => `test:${randomBytes(5).toString("hex")}`;

async function collect(lines: AsyncGenerator<string>): Promise<string> {
  let text = "";
  for await (const line of lines) text += line;
  return text;
}

describe("recordAudit", () => {
  it("commits with the action's transaction, or not at all", async () => {
    const subject = subjectOf();
    await expect(
      prisma().$transaction(async (tx) => {
        await recordAudit(tx, { actor: { kind: "system" }, action: "users.create", subject });
        throw new Error("the action failed after its audit record was written");
      }),
    ).rejects.toThrow(/action failed/);
    expect(await prisma().auditEntry.count({ where: { subject } })).toBe(0);

    await prisma().$transaction((tx) => recordAudit(tx, { actor: { kind: "api_key", id: "k1", label: "grafana" }, action: "events.replay", subject, sourceAddress: "10.0.0.1" }));
    expect(await prisma().auditEntry.findMany({ where: { subject } })).toMatchObject([{ actorKind: "api_key", actorId: "k1", actorLabel: "grafana", sourceAddress: "10.0.0.1" }]);
  });

  it("keeps the log append-only: SQL cannot change or remove an entry", async () => {
    const subject = subjectOf();
    await prisma().$transaction((tx) => recordAudit(tx, { actor: { kind: "system" }, action: "users.create", subject, detail: "original" }));
    await expect(pool().query(`UPDATE audit_entry SET detail = 'forged' WHERE subject = $1`, [subject])).rejects.toThrow(/append-only/);
    await expect(pool().query(`DELETE FROM audit_entry WHERE subject = $1`, [subject])).rejects.toThrow(/append-only/);
    await expect(pool().query(`TRUNCATE audit_entry`)).rejects.toThrow(/append-only/);
    expect(await prisma().auditEntry.findMany({ where: { subject } })).toMatchObject([{ detail: "original" }]);
  });
});

describe("listAudit", () => {
  it("filters by actor, action (exact or wildcard), subject and time, newest first, with keyset pagination", async () => {
    const subject = subjectOf();
    const label = `${randomBytes(4).toString("hex")}@example.test`;
    const actor = { kind: "user" as const, id: randomBytes(8).toString("hex"), label };
    const actions = ["auth.sign_in", "users.create", "users.change_role", "auth.sign_out", "users.deactivate"] as const;
    for (const action of actions) await prisma().$transaction((tx) => recordAudit(tx, { actor, action, subject }));

    const all = await listAudit({ subject });
    expect(all.data.map((entry) => entry.action)).toEqual([...actions].reverse());
    expect((await listAudit({ actor: label.toUpperCase() })).data).toHaveLength(5);
    expect((await listAudit({ actor: actor.id })).data).toHaveLength(5);
    expect((await listAudit({ subject, action: "users.*" })).data.map((entry) => entry.action)).toEqual(["users.deactivate", "users.change_role", "users.create"]);
    expect((await listAudit({ subject, action: "auth.sign_out" })).data).toHaveLength(1);
    expect((await listAudit({ subject, from: new Date(Date.now() + 60_000).toISOString() })).data).toEqual([]);
    expect((await listAudit({ subject, to: new Date(Date.now() + 60_000).toISOString() })).data).toHaveLength(5);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAudit({ subject, limit: 2, cursor });
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((entry) => entry.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.data.map((entry) => entry.id));
  });

  it("refuses a malformed filter or cursor with the field named", async () => {
    await expect(listAudit({ action: "DROP TABLE" })).rejects.toMatchObject({ code: "invalid_request", fields: { action: expect.any(String) } });
    await expect(listAudit({ from: "yesterday" })).rejects.toMatchObject({ code: "invalid_request", fields: { from: expect.any(String) } });
    // A browser's datetime-local value is read as UTC, and an empty field means no filter.
    await expect(listAudit({ from: "2026-11-29T10:30", to: "" })).resolves.toMatchObject({ data: expect.any(Array) });
    await expect(listAudit({ cursor: "garbage" })).rejects.toMatchObject({ code: "invalid_request" });
  });
});

describe("CSV export", () => {
  it("quotes every cell and defuses cells a spreadsheet would run as formulas", () => {
    expect(csvCell("=HYPERLINK(\"http://evil\")")).toBe(`"'=HYPERLINK(""http://evil"")"`);
    for (const start of ["+", "-", "@", "\t", "\r"]) expect(csvCell(`${start}1+1`)).toBe(`"'${start}1+1"`);
    expect(csvCell("plain, with comma\nand line")).toBe(`"plain, with comma\nand line"`);
    expect(csvCell(null)).toBe("");
  });

  it("exports the filtered entries, newest first, across pages", async () => {
    const subject = subjectOf();
    await prisma().$transaction((tx) => recordAudit(tx, { actor: { kind: "cli", label: "=cmd|' /C calc'!A0" }, action: "users.create", subject, after: { role: "admin" } }));
    await prisma().$transaction((tx) => recordAudit(tx, { actor: { kind: "anonymous" }, action: "auth.sign_in_failed", subject, detail: "@SUM(1+1)" }));
    const exporter = { kind: "user" as const, id: randomBytes(8).toString("hex"), label: "auditor@example.test" };
    const csv = await collect(await exportAuditCsv({ subject }, { actor: exporter, sourceAddress: "10.9.9.9" }));
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("at,actor_kind,actor_id,actor_label,action,subject,source_address,detail,before,after");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`"auth.sign_in_failed"`);
    expect(lines[1]).toContain(`"'@SUM(1+1)"`);
    expect(lines[2]).toContain(`"'=cmd|' /C calc'!A0"`);
    expect(lines[2]).toContain(`"{""role"":""admin""}"`);
    // Taking a copy of the log is itself recorded; a bad filter is refused before anything is recorded.
    expect(await prisma().auditEntry.findMany({ where: { actorId: exporter.id } })).toMatchObject([{ action: "audit.export", detail: JSON.stringify({ subject }), sourceAddress: "10.9.9.9" }]);
    await expect(exportAuditCsv({ action: "not valid!" }, { actor: exporter, sourceAddress: null })).rejects.toMatchObject({ code: "invalid_request" });
    expect(await prisma().auditEntry.count({ where: { actorId: exporter.id } })).toBe(1);
  });
});
