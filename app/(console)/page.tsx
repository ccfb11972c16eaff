// GET / — the ledger's events, newest first, with filters, search and bulk actions (events.list; bulk actions operator and up)
import { EventsList } from "@/components/events/events-list";
import type { EventRow } from "@/components/events/events-table";
import { eventFiltersToSearch, parseEventFilters } from "@/components/events/event-filters";
import { SearchInterpretationNote } from "@/components/events/search-interpretation";
import { ACTIONS, permits } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { listEndpoints } from "@/server/endpoints/list-endpoints";
import { publicWebhookUrl } from "@/server/endpoints/public-webhook-url";
import { isAppError } from "@/server/errors";
import { searchEvents, type EventSearchResult } from "@/server/ledger/search-events";
import { rejectEventsAction, replayEventsAction } from "./actions";

export const dynamic = "force-dynamic";

type Page = Pick<EventSearchResult, "nextCursor" | "interpretedAs"> & { data: EventRow[]; problem?: string };

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Each page checks for itself: a layout is not re-rendered when the browser navigates between its pages.
  const user = await requireUser(ACTIONS["events.list"].role);
  const filters = parseEventFilters(await searchParams);
  const [page, endpoints] = await Promise.all([
    searchEvents({ ...eventFiltersToSearch(filters), limit: 50 }).then(
      (result): Page => ({
        ...result,
        data: result.data.map((row) => ({ ...row, id: row.stripeEventId, ledgerId: row.id, firstReceivedAt: row.receivedAt })),
      }),
      (error: unknown): Page => {
        // A search the ledger cannot run (a malformed pattern, a stale cursor) says why instead of failing the page.
        if (isAppError(error) && error.code === "invalid_request") return { data: [], nextCursor: null, interpretedAs: null, problem: error.message };
        throw error;
      },
    ),
    listEndpoints(),
  ]);
  const canReplay = permits(user.role, "events.replay");
  const canReject = permits(user.role, "events.reject");

  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-4">
      <header>
        <h1 className="text-lg font-semibold tracking-tight">Events</h1>
        <p className="text-sm text-muted-foreground">Every Stripe event in the ledger, newest first.</p>
      </header>
      {page.interpretedAs ? <SearchInterpretationNote interpretedAs={page.interpretedAs} /> : null}
      {page.problem ? (
        <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
          {page.problem}
        </p>
      ) : null}
      <EventsList
        events={page.data}
        nextCursor={page.nextCursor}
        filters={filters}
        endpoints={endpoints.map((endpoint) => endpoint.name)}
        filterFields={["status", "endpoint", "range", "livemode", "type"]}
        refreshSeconds={3}
        openHref="/events/{ledgerId}"
        canAct={canReplay || canReject}
        replayEventsAction={canReplay ? replayEventsAction : undefined}
        rejectEventsAction={canReject ? rejectEventsAction : undefined}
        webhookUrl={publicWebhookUrl()}
      />
    </div>
  );
}
