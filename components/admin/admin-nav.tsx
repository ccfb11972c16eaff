import { SectionNav } from "@/components/ui/section-nav";

const ADMIN_PAGES = [
  { href: "/admin", label: "API keys" },
  { href: "/admin/endpoints", label: "Endpoints" },
  { href: "/admin/alert-channels", label: "Alert channels" },
  { href: "/users", label: "Users" },
  { href: "/audit", label: "Audit log" },
] as const;

/** The admin pages, one click apart. */
export function AdminNav({ current }: { current: (typeof ADMIN_PAGES)[number]["href"] }) {
  return <SectionNav label="Admin" pages={ADMIN_PAGES} current={current} />;
}
