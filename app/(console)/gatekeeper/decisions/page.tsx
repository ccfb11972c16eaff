// GET /gatekeeper/decisions — every decision of the gatekeeper with its explanation, by kind, endpoint and time, newest first (gatekeeper.view: viewer)
import type { Metadata } from "next";
import Link from "next/link";
import { DecisionsTimeline } from "@/components/gatekeeper/decisions-timeline";
import { GatekeeperNav } from "@/components/gatekeeper/gatekeeper-nav";
import { DECISION_KIND_LABELS } from "@/components/gatekeeper/looks";
import { Button } from "@/components/ui/button";
import { fieldClassName } from "@/components/ui/input";
import { datetimeLocalAsUtc } from "@/components/ui/time";
import { ACTIONS } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { isAppError } from "@/server/errors";
import { DECISION_KINDS } from "@/server/gatekeeper/decisions";
import { listDecisions, type DecisionPage } from "@/server/gatekeeper/views/list-decisions";
import { listSourcePolicies } from "@/server/gatekeeper/views/list-source-policies";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Decisions · Gatekeeper · Hookwarden" };

const FILTERS = ["kind", "endpoint", "from", "to"] as const;

export default async function DecisionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser(ACTIONS["gatekeeper.view"].role);
  const raw = await searchParams;
  const filters = Object.fromEntries(FILTERS.map((name) => [name, typeof raw[name] === "string" ? raw[name] : ""])) as Record<(typeof FILTERS)[number], string>;
  const cursor = typeof raw.cursor === "string" ? raw.cursor : undefined;
  const endpoints = await listSourcePolicies();
  let page: DecisionPage = { data: [], nextCursor: null };
  let problem: string | null = null;
  try {
    page = await listDecisions({
      kind: filters.kind || undefined,
      endpoint: filters.endpoint || undefined,
      from: filters.from ? datetimeLocalAsUtc(filters.from) : undefined,
      to: filters.to ? datetimeLocalAsUtc(filters.to) : undefined,
      cursor,
      limit: 50,
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    problem = error.message;
  }
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ""));
  const filtered = query.size > 0;
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-6">
      <header className="flex flex-col gap-4">
        <div>
          <h1 className="text-lg font-semibold tracking-tight">Gatekeeper decisions</h1>
          <p className="max-w-3xl text-sm text-muted-foreground">
            Everything the gatekeeper decided, newest first: sources blocked or flagged, anomalies, breakers opened and released, shed mode. Each carries its evidence: the features, their
            values, the baseline they were compared with, the score.
          </p>
        </div>
        <GatekeeperNav current="/gatekeeper/decisions" />
      </header>
      <form method="get" className="grid grid-cols-2 gap-3 md:grid-cols-5" aria-label="Filter the decisions">
        <div className="flex flex-col gap-1">
          <label htmlFor="filter-kind" className="text-xs font-medium text-muted-foreground">
            Kind
          </label>
          <select id="filter-kind" name="kind" defaultValue={filters.kind} className={`${fieldClassName} h-9`}>
            <option value="">Every kind</option>
            {Object.keys(DECISION_KINDS).map((kind) => (
              <option key={kind} value={kind}>
                {DECISION_KIND_LABELS[kind] ?? kind}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="filter-endpoint" className="text-xs font-medium text-muted-foreground">
            Endpoint
          </label>
          <select id="filter-endpoint" name="endpoint" defaultValue={filters.endpoint} className={`${fieldClassName} h-9`}>
            <option value="">Every endpoint</option>
            {endpoints.map((endpoint) => (
              <option key={endpoint.endpoint} value={endpoint.endpoint}>
                {endpoint.endpoint}
              </option>
            ))}
          </select>
        </div>
        {(["from", "to"] as const).map((name) => (
          <div key={name} className="flex flex-col gap-1">
            <label htmlFor={`filter-${name}`} className="text-xs font-medium text-muted-foreground">
              {name === "from" ? "From" : "To"} (UTC)
            </label>
            <input id={`filter-${name}`} name={name} type="datetime-local" defaultValue={filters[name]} className={`${fieldClassName} h-9`} />
          </div>
        ))}
        <div className="flex items-end gap-2">
          <Button type="submit" size="sm">
            Filter
          </Button>
          {filtered ? (
            <Link href="/gatekeeper/decisions" className="text-sm underline-offset-4 hover:underline">
              Clear
            </Link>
          ) : null}
        </div>
      </form>
      {problem ? (
        <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
          {problem}
        </p>
      ) : page.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">{filtered ? "No decision matches these filters." : "No decision yet: the gatekeeper has not blocked, flagged or tripped anything."}</p>
      ) : (
        <DecisionsTimeline decisions={page.data} label="Gatekeeper decisions" />
      )}
      {page.nextCursor ? (
        <nav aria-label="Pages">
          <Link href={`/gatekeeper/decisions?${new URLSearchParams([...query, ["cursor", page.nextCursor]])}`} className="text-sm font-medium underline-offset-4 hover:underline">
            Older decisions
          </Link>
        </nav>
      ) : null}
    </div>
  );
}
