import { NavigableTableBody, NavigableTableRow } from "@/components/ui/navigable-table";
import type { AuditListItem } from "@/server/audit/list-audit";

function actorOf(entry: AuditListItem): string {
  if (entry.actorLabel) return entry.actorLabel;
  return entry.actorKind === "anonymous" ? "someone signed out" : entry.actorKind;
}

const COLUMNS = ["When (UTC)", "Actor", "Action", "Subject", "From", "Detail"];

/** The audit entries, newest first; before/after open on demand; `j`/`k` move through them. */
export function AuditTable({ entries }: { entries: AuditListItem[] }) {
  return (
    <table className="w-full border-collapse text-left text-sm">
      <caption className="sr-only">Audit log entries, newest first</caption>
      <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
        <tr>
          {COLUMNS.map((column) => (
            <th key={column} scope="col" className="py-2 pr-4 font-medium">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <NavigableTableBody rowCount={entries.length}>
        {entries.map((entry, index) => (
          <NavigableTableRow key={entry.id} index={index} data-testid="audit-row" className="border-b border-zinc-100 align-top dark:border-zinc-900">
            <td className="py-2 pr-4 tabular-nums text-zinc-500" title={entry.at}>
              {entry.at.replace("T", " ").slice(0, 19)}
            </td>
            <td className="py-2 pr-4">{actorOf(entry)}</td>
            <td className="py-2 pr-4 font-mono text-xs">{entry.action}</td>
            <td className="py-2 pr-4 font-mono text-xs">{entry.subject ?? ""}</td>
            <td className="py-2 pr-4 font-mono text-xs">{entry.sourceAddress ?? ""}</td>
            <td className="py-2 pr-4">
              {entry.detail}
              {entry.before !== null || entry.after !== null ? (
                <details className="mt-1">
                  <summary className="cursor-pointer text-xs text-zinc-500">Changes</summary>
                  <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 font-mono text-xs">
                    <dt className="text-zinc-500">before</dt>
                    <dd className="break-all">{JSON.stringify(entry.before)}</dd>
                    <dt className="text-zinc-500">after</dt>
                    <dd className="break-all">{JSON.stringify(entry.after)}</dd>
                  </dl>
                </details>
              ) : null}
            </td>
          </NavigableTableRow>
        ))}
      </NavigableTableBody>
    </table>
  );
}
