import type { SearchInterpretation } from "@/server/ledger/search-events";

const TAKEN_FOR: Record<SearchInterpretation["kind"], string> = {
  event_id: "an event id",
  object_id: "a Stripe object id: the events about that object",
  customer_id: "a customer id: that customer's events",
  reference: "a registered payment's reference: every event that touched the payment",
  type: "an event type",
};

/** One line above the results: what the search box's text was taken for, so a surprise is visible. */
export function SearchInterpretationNote({ interpretedAs }: { interpretedAs: SearchInterpretation }) {
  return (
    <p className="text-sm text-muted-foreground" data-testid="search-interpretation" data-kind={interpretedAs.kind}>
      Searching for <span className="font-mono text-foreground">{interpretedAs.value}</span> as {TAKEN_FOR[interpretedAs.kind]}.
    </p>
  );
}
