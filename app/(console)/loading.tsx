// Shown while a console page's data loads: the page's shape, so nothing jumps when it arrives.
import { Skeleton } from "@/components/ui/skeleton";

export default function ConsoleLoading() {
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-4" aria-busy="true" aria-live="polite">
      <span className="sr-only">Loading…</span>
      <Skeleton className="h-6 w-48" />
      <Skeleton className="h-4 w-96 max-w-full" />
      <div className="flex flex-col gap-2 pt-2">
        {Array.from({ length: 8 }, (_, row) => (
          <Skeleton key={row} className="h-9 w-full" />
        ))}
      </div>
    </div>
  );
}
