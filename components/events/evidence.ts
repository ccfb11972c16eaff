import { formatAmount } from "@/components/ui/money";

/** Whether an expected and a received value differ (by value, not identity: `{a:1}` equals `{a:1}`). */
export function evidenceDiffers(expected: unknown, received: unknown): boolean {
  return stableJson(expected) !== stableJson(received);
}

function stableJson(value: unknown): string {
  if (value === undefined) return "undefined";
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

/** Evidence values as text: strings bare, absent values as "—", amounts as money when the currency is known, the rest as JSON. */
export function formatEvidenceValue(value: unknown, options: { field?: string; currency?: string | null } = {}): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "number" && options.currency && /amount/i.test(options.field ?? "")) {
    return `${formatAmount(value, options.currency)} (${value})`;
  }
  return typeof value === "string" ? value : JSON.stringify(value);
}
