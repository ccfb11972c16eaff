import Link from "next/link";
import { cn } from "@/components/ui/cn";

const ADMIN_PAGES = [
  { href: "/admin", label: "API keys" },
  { href: "/admin/endpoints", label: "Endpoints" },
  { href: "/admin/alert-channels", label: "Alert channels" },
  { href: "/users", label: "Users" },
  { href: "/audit", label: "Audit log" },
] as const;

/** The admin pages, one click apart. */
export function AdminNav({ current }: { current: (typeof ADMIN_PAGES)[number]["href"] }) {
  return (
    <nav aria-label="Admin" className="flex flex-wrap gap-1 border-b">
      {ADMIN_PAGES.map((page) => (
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
