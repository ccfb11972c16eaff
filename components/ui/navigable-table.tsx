"use client";

import { useRouter } from "next/navigation";
import { createContext, use, type ComponentProps } from "react";
import { cn } from "./cn";
import { useRowNavigation, type RowNavigation } from "./keyboard";
import { TableBody, TableRow } from "./table";

const RowNavigationContext = createContext<RowNavigation | null>(null);

export type NavigableTableBodyProps = ComponentProps<typeof TableBody> & {
  rowCount: number;
  /** Where Enter on each row goes (by index); rows without one, or a table without these, do not open. */
  hrefs?: (string | null)[];
};

/**
 * The body of a plain table whose rows `j`/`k` move through and Enter opens, as in the events
 * list. It works in tables rendered on the server too: the rows stay what they are, with the keys on top.
 */
export function NavigableTableBody({ rowCount, hrefs, ...props }: NavigableTableBodyProps) {
  const router = useRouter();
  const navigation = useRowNavigation({
    rowCount,
    onOpen: hrefs
      ? (index) => {
          const href = hrefs[index];
          if (href) router.push(href);
        }
      : undefined,
  });
  return (
    <RowNavigationContext value={navigation}>
      <TableBody {...props} />
    </RowNavigationContext>
  );
}

/** A row of a NavigableTableBody: its place in the list (`index`) makes it reachable with `j`/`k`. */
export function NavigableTableRow({ index, className, ...props }: ComponentProps<typeof TableRow> & { index: number }) {
  const navigation = use(RowNavigationContext);
  if (!navigation) throw new Error("NavigableTableRow belongs inside a NavigableTableBody");
  return (
    <TableRow
      className={cn("outline-none focus-visible:bg-accent focus-visible:shadow-[inset_2px_0_0_var(--color-primary)]", className)}
      {...props}
      {...navigation.rowProps(index)}
    />
  );
}
