import { prisma } from "../db";
import type { AuditContext } from "./audit-actor";
import { listAudit, parseAuditQuery, type AuditListItem, type ListAuditQuery } from "./list-audit";
import { recordAudit } from "./record-audit";

const COLUMNS: [string, (entry: AuditListItem) => unknown][] = [
  ["at", (entry) => entry.at],
  ["actor_kind", (entry) => entry.actorKind],
  ["actor_id", (entry) => entry.actorId],
  ["actor_label", (entry) => entry.actorLabel],
  ["action", (entry) => entry.action],
  ["subject", (entry) => entry.subject],
  ["source_address", (entry) => entry.sourceAddress],
  ["detail", (entry) => entry.detail],
  ["before", (entry) => (entry.before === null ? null : JSON.stringify(entry.before))],
  ["after", (entry) => (entry.after === null ? null : JSON.stringify(entry.after))],
];

/** Characters that make a spreadsheet read a cell as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: a cell that a spreadsheet would run as a formula gets a leading
 * quote, and every cell is double-quoted (RFC 4180), so no value can break out of it.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * The audit entries matching the filters, newest first, as CSV lines (header first).
 * Reads page by page with the list's keyset pagination, so any size streams in
 * constant memory. The filters are validated first, and the export itself is
 * recorded in the audit log (who took a copy, of what) before the first line.
 */
export async function exportAuditCsv(query: Omit<ListAuditQuery, "cursor" | "limit">, context: AuditContext): Promise<AsyncGenerator<string>> {
  const { actor, action, subject, from, to } = parseAuditQuery(query);
  const filters = Object.fromEntries(Object.entries({ actor, action, subject, from, to }).filter(([, value]) => value !== undefined));
  await prisma().$transaction((tx) => recordAudit(tx, { ...context, action: "audit.export", detail: JSON.stringify(filters) }));
  return (async function* lines() {
    yield COLUMNS.map(([name]) => name).join(",") + "\r\n";
    let cursor: string | undefined;
    do {
      const page = await listAudit({ ...query, limit: 500, cursor });
      for (const entry of page.data) yield COLUMNS.map(([, read]) => csvCell(read(entry))).join(",") + "\r\n";
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  })();
}
