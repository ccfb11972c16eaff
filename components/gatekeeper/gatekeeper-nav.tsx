import Link from "next/link";
import { cn } from "@/components/ui/cn";

const GATEKEEPER_PAGES = [
  { href: "/gatekeeper", label: "Breakers" },
  { href: "/gatekeeper/decisions", label: "Decisions" },
  { href: "/gatekeeper/sources", label: "Sources" },
] as const;

/** The gatekeeper's pages, one click apart. */
export function GatekeeperNav({ current }: { current: (typeof GATEKEEPER_PAGES)[number]["href"] }) {
  return (
    <nav aria-label="Gatekeeper" className="flex flex-wrap gap-1 border-b">
      {GATEKEEPER_PAGES.map((page) => (
        <Link
          key={page.href}
          href={page.href}
          aria-current={page.href === current ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
            page.href === current ? "border-foreground text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
          )}
        >
          {page.label}
        </Link>
      ))}
    </nav>
  );
}
