import { cn } from "@/components/ui/cn";
import type { EvidenceRow } from "./event-story";
import { evidenceDiffers, formatEvidenceValue } from "./evidence";

export type EvidenceTableProps = {
  rows: EvidenceRow[];
  /** Column headings for the two sides: "Expected (registered)" and "Received (from Stripe)", or "Delivered" and "Stripe's copy". */
  expectedLabel: string;
  receivedLabel: string;
  /** Read by screen readers: what is compared with what. */
  caption: string;
  testId?: string;
};

/**
 * Two sides of an object, field by field, with the differing rows highlighted and the
 * received side in bold; amounts read as money when either side names the currency.
 */
export function EvidenceTable({ rows, expectedLabel, receivedLabel, caption, testId = "evidence" }: EvidenceTableProps) {
  const currencyRow = rows.find((row) => row.field === "currency");
  const currencyOf = (value: unknown) => (typeof value === "string" && /^[a-z]{3}$/i.test(value) ? value : null);
  return (
    <table className="w-full text-sm" data-testid={testId}>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="border-b text-left text-xs text-muted-foreground">
          <th scope="col" className="px-4 py-2 font-medium">
            Field
          </th>
          <th scope="col" className="px-4 py-2 font-medium">
            {expectedLabel}
          </th>
          <th scope="col" className="px-4 py-2 font-medium">
            {receivedLabel}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const differs = evidenceDiffers(row.expected, row.received);
          return (
            <tr key={row.field} className={cn("border-b last:border-0", differs && "bg-highlight/60")} data-differs={differs || undefined}>
              <th scope="row" className="px-4 py-2 text-left font-mono text-xs font-medium">
                {row.field}
                {differs ? <span className="ml-1.5 rounded bg-highlight px-1 font-sans text-[11px] text-highlight-foreground">differs</span> : null}
              </th>
              <td className="px-4 py-2 font-mono text-xs">{formatEvidenceValue(row.expected, { field: row.field, currency: currencyOf(currencyRow?.expected) ?? currencyOf(currencyRow?.received) })}</td>
              <td className={cn("px-4 py-2 font-mono text-xs", differs && "font-semibold text-highlight-foreground")}>
                {formatEvidenceValue(row.received, { field: row.field, currency: currencyOf(currencyRow?.received) ?? currencyOf(currencyRow?.expected) })}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
