import { SectionNav } from "@/components/ui/section-nav";

const GATEKEEPER_PAGES = [
  { href: "/gatekeeper", label: "Breakers" },
  { href: "/gatekeeper/decisions", label: "Decisions" },
  { href: "/gatekeeper/sources", label: "Sources" },
] as const;

/** The gatekeeper's pages, one click apart. */
export function GatekeeperNav({ current }: { current: (typeof GATEKEEPER_PAGES)[number]["href"] }) {
  return <SectionNav label="Gatekeeper" pages={GATEKEEPER_PAGES} current={current} />;
}
