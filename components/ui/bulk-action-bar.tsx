import type { ReactNode } from "react";
import { Button } from "./button";
import { cn } from "./cn";

export type BulkActionBarProps = {
  count: number;
  onClear: () => void;
  /** The actions (each a ConfirmDialog with its trigger button). */
  children: ReactNode;
  className?: string;
};

/** The bar that appears over a list while rows are selected: how many, what can be done, and a way out. */
export function BulkActionBar({ count, onClear, children, className }: BulkActionBarProps) {
  return (
    <div role="region" aria-label="Bulk actions" className={cn("flex flex-wrap items-center gap-2 rounded-md border border-primary/30 bg-primary/5 px-3 py-1.5 text-sm", className)} data-testid="bulk-bar">
      <span className="font-medium tabular-nums" aria-live="polite">
        {count} selected
      </span>
      <span className="text-muted-foreground" aria-hidden>
        ·
      </span>
      {children}
      <Button size="xs" variant="ghost" className="ml-auto" onClick={onClear}>
        Clear selection
      </Button>
    </div>
  );
}
