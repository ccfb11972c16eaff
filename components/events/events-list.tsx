"use client";

import { useRouter } from "next/navigation";
import { describeBulkOutcome, type BulkActionResult } from "./bulk-outcome";
import { EventsTable, type EventsTableProps } from "./events-table";

type BulkAction = (input: { ids: string[]; reason: string }) => Promise<BulkActionResult>;

export type EventsListProps = Omit<EventsTableProps, "replayAction" | "rejectAction"> & {
  /** Server actions of app/(console)/actions.ts; given only to people allowed to act (the server checks again). */
  replayEventsAction?: BulkAction;
  rejectEventsAction?: BulkAction;
};

/** The events table wired to the bulk server actions: each answer is told back per event, then the list refreshes. */
export function EventsList({ replayEventsAction, rejectEventsAction, ...props }: EventsListProps) {
  const router = useRouter();
  const stripeIdOf = (ledgerId: string) => props.events.find((event) => event.ledgerId === ledgerId)?.id ?? ledgerId;
  const bulk = (action: BulkAction | undefined, verb: { done: string; noun: string }) =>
    action
      ? async (ids: string[], reason: string) => {
          const result = await action({ ids, reason });
          router.refresh();
          return describeBulkOutcome(result, verb, stripeIdOf);
        }
      : undefined;
  return (
    <EventsTable
      {...props}
      replayAction={bulk(replayEventsAction, { done: "Replayed", noun: "replayed" })}
      rejectAction={bulk(rejectEventsAction, { done: "Rejected", noun: "rejected" })}
    />
  );
}
