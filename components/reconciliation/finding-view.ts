import { evidenceDiffers, formatEvidenceValue } from "@/components/events/evidence";
import type { FindingView } from "@/server/reconcile/list-reconciliations";

export type FindingSubject = {
  /** `event`, `subscription`, `transaction` (the subject's prefix). */
  kind: string;
  id: string;
  /** The console page where the subject can be seen, when there is one. */
  href: string | null;
  /** A second line: what the link opens, or why there is none. */
  hint: string | null;
};

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/**
 * Where a finding's subject can be seen in the console: an event's page (the repair or
 * recovered event, once it is in the ledger), a subscription's customer (the console shows
 * subscriptions on their customer's page) or else its events, a registered payment's page.
 */
export function findingSubject(finding: Pick<FindingView, "subject" | "ours" | "stripe" | "repairEventId">): FindingSubject {
  const colon = finding.subject.indexOf(":");
  const kind = colon === -1 ? "" : finding.subject.slice(0, colon);
  const id = finding.subject.slice(colon + 1);
  if (kind === "event") {
    return finding.repairEventId ? { kind, id, href: `/events/${finding.repairEventId}`, hint: "in the ledger now" } : { kind, id, href: null, hint: "not in the ledger" };
  }
  if (kind === "subscription") {
    // Its customer's page shows the subscription; without the customer (a drift finding names only what differs), its events do.
    const customer = text(finding.stripe?.customer) ?? text(finding.ours?.customer);
    return customer
      ? { kind, id, href: `/customers/${encodeURIComponent(customer)}`, hint: `customer ${customer}` }
      : { kind, id, href: `/?q=${encodeURIComponent(id)}`, hint: "its events" };
  }
  if (kind === "transaction") return { kind, id, href: `/transactions/${encodeURIComponent(id)}`, hint: "registered payment" };
  return { kind, id: finding.subject, href: null, hint: null };
}

export type ComparisonRow = { field: string; ours: string; stripe: string; differs: boolean };

const ISO_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d+)?)?(Z|\+00:00)$/;

/** A finding's values as text; a UTC timestamp (a period end) reads "2026-12-29 00:00 UTC". */
function findingValue(value: unknown, field: string, currency: string | null): string {
  const time = typeof value === "string" ? ISO_TIME.exec(value) : null;
  return time ? `${time[1]} ${time[2]} UTC` : formatEvidenceValue(value, { field, currency });
}

/** Our record and Stripe's, field by field (Stripe's fields first), with the fields both record and that differ marked. */
export function findingComparison(finding: Pick<FindingView, "ours" | "stripe">): ComparisonRow[] {
  const ours = finding.ours ?? {};
  const stripe = finding.stripe ?? {};
  const fields = [...new Set([...Object.keys(stripe), ...Object.keys(ours)])];
  const currency = text(stripe.currency) ?? text(ours.currency);
  return fields.map((field) => ({
    field,
    ours: finding.ours ? findingValue(ours[field], field, currency) : "—",
    stripe: finding.stripe ? findingValue(stripe[field], field, currency) : "—",
    // A field only one side records (paidBy here, amountReceived at Stripe) is shown, not called a difference.
    differs: Object.hasOwn(ours, field) && Object.hasOwn(stripe, field) && evidenceDiffers(ours[field], stripe[field]),
  }));
}
