// GET / — the ledger's most recent events (events.list: viewer and up)
import { AutoRefresh } from "@/components/events/auto-refresh";
import { RecentEventsTable } from "@/components/events/recent-events-table";
import { ACTIONS } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { listEvents } from "@/server/ledger/list-events";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  // Each page checks for itself: a layout is not re-rendered when the browser navigates between its pages.
  await requireUser(ACTIONS["events.list"].role);
  const { data: events } = await listEvents({ limit: 50 });
  return (
    <main className="mx-auto max-w-6xl p-8">
      <header className="mb-6 flex items-baseline justify-between">
        <div>
          <h1 className="text-2xl font-semibold">Hookwarden</h1>
          <p className="text-sm text-zinc-500">Recent Stripe events in the ledger, newest first.</p>
        </div>
        <AutoRefresh />
      </header>
      {events.length === 0 ? (
        <section className="rounded-lg border border-dashed border-zinc-300 p-8 dark:border-zinc-700">
          <h2 className="font-medium">No events yet</h2>
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Forward test-mode events from your Stripe account:</p>
          <pre className="mt-2 rounded bg-zinc-100 p-3 text-sm dark:bg-zinc-900">stripe listen --forward-to localhost:3000/api/stripe/webhook</pre>
          <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">Or send realistic signed events without a Stripe account:</p>
          <pre className="mt-2 rounded bg-zinc-100 p-3 text-sm dark:bg-zinc-900">npx hookwarden simulate</pre>
        </section>
      ) : (
        <RecentEventsTable events={events} />
      )}
    </main>
  );
}
