// GET / — the ledger's most recent events; answers only the local machine until sign-in exists
import { headers } from "next/headers";
import { AppShell } from "@/components/console/app-shell";
import { EventsTable } from "@/components/events/events-table";
import { eventFiltersToListQuery, parseEventFilters } from "@/components/events/event-filters";
import { isLoopback, normaliseAddress, PEER_HEADER } from "@/server/intake/client-address";
import { listEndpoints } from "@/server/endpoints/list-endpoints";
import { AppError } from "@/server/errors";
import { listEvents } from "@/server/ledger/list-events";

export const dynamic = "force-dynamic";

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const peer = (await headers()).get(PEER_HEADER);
  if (!isLoopback(peer ? normaliseAddress(peer) : null)) {
    return (
      <main className="mx-auto max-w-xl p-10">
        <h1 className="text-xl font-semibold">Hookwarden</h1>
        <p className="mt-3 text-muted-foreground">This page answers only requests from the machine Hookwarden runs on, until console sign-in is set up.</p>
      </main>
    );
  }
  // The ledger query cannot filter by live/test mode yet, so that chip is not offered here.
  const filters = { ...parseEventFilters(await searchParams), livemode: undefined };
  const [page, endpoints] = await Promise.all([
    listEvents({ ...eventFiltersToListQuery(filters), limit: 50 }).catch((error: unknown) => {
      if (error instanceof AppError && error.code === "invalid_request") return { data: [], nextCursor: null, problem: error.message };
      throw error;
    }),
    listEndpoints(),
  ]);
  const problem = "problem" in page ? page.problem : null;

  return (
    <AppShell user={null} available={["events"]} current="events" hrefs={{ events: "/" }}>
      <div className="mx-auto flex max-w-7xl flex-col gap-4">
        <header className="flex flex-wrap items-end justify-between gap-2">
          <div>
            <h1 className="text-lg font-semibold tracking-tight">Events</h1>
            <p className="text-sm text-muted-foreground">Recent Stripe events in the ledger, newest first.</p>
          </div>
        </header>
        {problem ? (
          <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
            {problem}
          </p>
        ) : null}
        <EventsTable
          events={page.data}
          nextCursor={page.nextCursor}
          filters={filters}
          endpoints={endpoints.map((endpoint) => endpoint.name)}
          filterFields={["status", "endpoint", "range", "type"]}
          refreshSeconds={3}
        />
      </div>
    </AppShell>
  );
}
