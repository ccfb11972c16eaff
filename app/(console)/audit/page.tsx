// GET /audit — the audit log, filtered by actor, action, subject and time, newest first (audit.list: admin)
import type { Metadata } from "next";
import Link from "next/link";
import { AuditTable } from "@/components/audit/audit-table";
import { listAudit, type AuditListItem } from "@/server/audit/list-audit";
import { ACTIONS } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { isAppError } from "@/server/errors";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log · Hookwarden" };

const FILTERS = [
  { name: "actor", label: "Actor", type: "text", placeholder: "e-mail address or id" },
  { name: "action", label: "Action", type: "text", placeholder: "users.change_role or auth.*" },
  { name: "subject", label: "Subject", type: "text", placeholder: "user:…" },
  { name: "from", label: "From (UTC)", type: "datetime-local", placeholder: "" },
  { name: "to", label: "To (UTC)", type: "datetime-local", placeholder: "" },
] as const;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser(ACTIONS["audit.list"].role);
  const raw = await searchParams;
  const filters = Object.fromEntries(FILTERS.map(({ name }) => [name, typeof raw[name] === "string" ? raw[name] : ""])) as Record<(typeof FILTERS)[number]["name"], string>;
  const cursor = typeof raw.cursor === "string" ? raw.cursor : undefined;
  let page: { data: AuditListItem[]; nextCursor: string | null } = { data: [], nextCursor: null };
  let problem: string | null = null;
  try {
    page = await listAudit({ ...filters, cursor });
  } catch (error) {
    if (!isAppError(error)) throw error;
    problem = error.message;
  }
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ""));
  return (
    <div className="mx-auto max-w-7xl">
      <header className="mb-6 flex items-baseline justify-between">
        <div>
          <h1 className="text-2xl font-semibold">Audit log</h1>
          <p className="text-sm text-zinc-500">Every sign-in and every action, newest first. Entries cannot be changed or removed.</p>
        </div>
        <a href={`/audit/export?${query}`} className="text-sm font-medium underline" download>
          Download CSV
        </a>
      </header>
      <form method="get" className="mb-6 grid grid-cols-2 gap-3 md:grid-cols-6" aria-label="Filter the audit log">
        {FILTERS.map((filter) => (
          <div key={filter.name} className="flex flex-col gap-1">
            <label htmlFor={`filter-${filter.name}`} className="text-xs font-medium text-zinc-500">
              {filter.label}
            </label>
            <input
              id={`filter-${filter.name}`}
              name={filter.name}
              type={filter.type}
              defaultValue={filters[filter.name]}
              placeholder={filter.placeholder}
              className="rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
            />
          </div>
        ))}
        <div className="flex items-end">
          <button type="submit" className="rounded bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-zinc-100 dark:text-zinc-900">
            Filter
          </button>
        </div>
      </form>
      {problem ? (
        <p role="alert" className="rounded border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-200">
          {problem}
        </p>
      ) : page.data.length === 0 ? (
        <p className="text-sm text-zinc-500">No entries match.</p>
      ) : (
        <AuditTable entries={page.data} />
      )}
      {page.nextCursor ? (
        <nav aria-label="Pages" className="mt-4">
          <Link href={`/audit?${new URLSearchParams([...query, ["cursor", page.nextCursor]])}`} className="text-sm underline">
            Older entries
          </Link>
        </nav>
      ) : null}
    </div>
  );
}
