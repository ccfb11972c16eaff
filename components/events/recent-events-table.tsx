import type { EventListItem } from "@/server/ledger/list-events";

const STATUS_STYLE: Record<string, string> = {
  processed: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-300",
  queued: "bg-sky-100 text-sky-800 dark:bg-sky-900/40 dark:text-sky-300",
  received: "bg-amber-100 text-amber-800 dark:bg-amber-900/40 dark:text-amber-300",
  processing: "bg-sky-100 text-sky-800 dark:bg-sky-900/40 dark:text-sky-300",
  ignored: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  awaiting_link: "bg-violet-100 text-violet-800 dark:bg-violet-900/40 dark:text-violet-300",
  quarantined: "bg-orange-100 text-orange-800 dark:bg-orange-900/40 dark:text-orange-300",
};

function StatusBadge({ status }: { status: string }) {
  const style = STATUS_STYLE[status] ?? "bg-rose-100 text-rose-800 dark:bg-rose-900/40 dark:text-rose-300";
  return <span className={`rounded px-2 py-0.5 text-xs font-medium ${style}`}>{status}</span>;
}

export function RecentEventsTable({ events }: { events: EventListItem[] }) {
  return (
    <table className="w-full border-collapse text-left text-sm">
      <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
        <tr>
          <th className="py-2 pr-4 font-medium">Received (UTC)</th>
          <th className="py-2 pr-4 font-medium">Type</th>
          <th className="py-2 pr-4 font-medium">Event</th>
          <th className="py-2 pr-4 font-medium">Status</th>
          <th className="py-2 pr-4 font-medium">Endpoint</th>
          <th className="py-2 pr-4 text-right font-medium">Deliveries</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.ledgerId} data-testid="event-row" className="border-b border-zinc-100 dark:border-zinc-900">
            <td className="py-2 pr-4 tabular-nums text-zinc-500" title={event.firstReceivedAt}>
              {event.firstReceivedAt.replace("T", " ").slice(0, 19)}
            </td>
            <td className="py-2 pr-4 font-mono">{event.type}</td>
            <td className="py-2 pr-4 font-mono text-xs">{event.id}</td>
            <td className="py-2 pr-4">
              <StatusBadge status={event.status} />
            </td>
            <td className="py-2 pr-4">{event.endpoint}</td>
            <td className="py-2 pr-4 text-right tabular-nums">{event.deliveryCount}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
