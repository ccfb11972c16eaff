import Link from "next/link";
import { cn } from "./cn";

export type SectionPage = { href: string; label: string };

/** The pages of one console section (Admin, Gatekeeper) as tabs under its heading, one click apart. */
export function SectionNav({ label, pages, current }: { label: string; pages: readonly SectionPage[]; current: string }) {
  return (
    <nav aria-label={label} className="flex flex-wrap gap-1 border-b">
      {pages.map((page) => (
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
