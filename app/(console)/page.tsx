// GET / — the ledger's events, newest first, with filters and search (events.list)
import { EventsTable, type EventRow } from "@/components/events/events-table";
import { eventFiltersToListQuery, parseEventFilters } from "@/components/events/event-filters";
import { ACTIONS } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { env } from "@/server/env";
import { listEndpoints } from "@/server/endpoints/list-endpoints";
import { AppError } from "@/server/errors";
import { getEventOrThrow } from "@/server/ledger/get-event-or-throw";
import { listEvents } from "@/server/ledger/list-events";

export const dynamic = "force-dynamic";

type Page = { data: EventRow[]; nextCursor: string | null; problem?: string };

/** The search box finds one event by its id, or filters by type (`invoice.paid`, `invoice.*`). */
async function searchEvents(q: string): Promise<Page> {
  if (/^evt_\w+$/.test(q)) {
    const event = await getEventOrThrow(q).catch((error: unknown) => {
      if (error instanceof AppError && error.code === "not_found") return null;
      throw error;
    });
    return { data: event ? [event] : [], nextCursor: null };
  }
  return { data: [], nextCursor: null, problem: `Search here finds an event id (evt_…) or an event type (invoice.paid, invoice.*); “${q}” is neither.` };
}

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Each page checks for itself: a layout is not re-rendered when the browser navigates between its pages.
  await requireUser(ACTIONS["events.list"].role);
  const params = await searchParams;
  const q = (Array.isArray(params.q) ? params.q[0] : params.q)?.trim() || undefined;
  const typeSearch = q && /^[a-z0-9_.]+(\.\*)?$/.test(q) ? q : undefined;
  // The ledger query cannot filter by live/test mode yet, so that chip is not offered here.
  const filters = { ...parseEventFilters(params), livemode: undefined, ...(typeSearch ? { type: typeSearch } : {}) };
  const [page, endpoints] = await Promise.all([
    (q && !typeSearch
      ? searchEvents(q)
      : listEvents({ ...eventFiltersToListQuery(filters), limit: 50 }).catch((error: unknown): Page => {
          if (error instanceof AppError && error.code === "invalid_request") return { data: [], nextCursor: null, problem: error.message };
          throw error;
        })) as Promise<Page>,
    listEndpoints(),
  ]);

  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-4">
        <header>
          <h1 className="text-lg font-semibold tracking-tight">Events</h1>
          <p className="text-sm text-muted-foreground">Every Stripe event in the ledger, newest first.</p>
        </header>
        {page.problem ? (
          <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
            {page.problem}
          </p>
        ) : null}
        <EventsTable
          events={page.data}
          nextCursor={page.nextCursor}
          filters={filters}
          endpoints={endpoints.map((endpoint) => endpoint.name)}
          filterFields={["status", "endpoint", "range", "type"]}
          refreshSeconds={3}
          openHref="/events/{ledgerId}"
          emptyKind={q ? "no-matches" : undefined}
          webhookUrl={webhookUrl()}
        />
    </div>
  );
}

/** Where `stripe listen` should forward: the console's public address (NEXTAUTH_URL). */
function webhookUrl(): string | undefined {
  const publicUrl = env().NEXTAUTH_URL;
  return publicUrl ? `${new URL(publicUrl).host}/api/stripe/webhook` : undefined;
}
