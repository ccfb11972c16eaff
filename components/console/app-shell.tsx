"use client";

import { Activity, FileClock, GitCompareArrows, LayoutDashboard, Menu, Receipt, ScanSearch, Search, Settings, ShieldAlert, ShieldHalf, Users, Webhook, X, type LucideIcon } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useRef, useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Kbd } from "@/components/ui/kbd";
import { useSearchShortcut } from "@/components/ui/keyboard";
import { TimeZoneToggle } from "@/components/ui/relative-time";
import { ThemeToggle } from "@/components/ui/theme-toggle";

export const CONSOLE_SECTIONS = ["overview", "events", "quarantine", "reviews", "gatekeeper", "destinations", "reconciliation", "transactions", "customers", "audit", "admin"] as const;
export type ConsoleSection = (typeof CONSOLE_SECTIONS)[number];

type NavItem = { section: ConsoleSection; label: string; href: string; icon: LucideIcon };

export const CONSOLE_NAV: readonly NavItem[] = [
  { section: "overview", label: "Overview", href: "/overview", icon: LayoutDashboard },
  { section: "events", label: "Events", href: "/events", icon: Activity },
  { section: "quarantine", label: "Quarantine", href: "/quarantine", icon: ShieldAlert },
  { section: "reviews", label: "Reviews", href: "/reviews", icon: ScanSearch },
  { section: "gatekeeper", label: "Gatekeeper", href: "/gatekeeper", icon: ShieldHalf },
  { section: "destinations", label: "Destinations", href: "/destinations", icon: Webhook },
  { section: "reconciliation", label: "Reconciliation", href: "/reconciliation", icon: GitCompareArrows },
  { section: "transactions", label: "Transactions", href: "/transactions", icon: Receipt },
  { section: "customers", label: "Customers", href: "/customers", icon: Users },
  { section: "audit", label: "Audit", href: "/audit", icon: FileClock },
  { section: "admin", label: "Admin", href: "/admin", icon: Settings },
];

export type ConsoleRole = "viewer" | "operator" | "admin";

export type AppShellUser = {
  name: string;
  /** The address they signed in with, when it differs from the name shown. */
  email?: string;
  role: ConsoleRole;
};

export type AppShellProps = {
  /** The signed-in user (auth is done elsewhere); null on the local-only page, which shows "Local access". */
  user: AppShellUser | null;
  /** The sign-out control (a form with a server action), placed in the user menu. */
  signOutSlot?: ReactNode;
  /** Which section is current; derived from the URL when omitted. */
  current?: ConsoleSection;
  /** Sections this user may open; the others are not shown. Default: all. */
  available?: readonly ConsoleSection[];
  /** Where the Hookwarden name in the sidebar leads (the console's home); not a link without it. */
  homeHref?: string;
  /** Override where a section links (e.g. a different base path). */
  hrefs?: Partial<Record<ConsoleSection, string>>;
  /** Counts shown next to sections that need attention (open quarantine, say). */
  counts?: Partial<Record<ConsoleSection, number>>;
  /** The global search form: GET to `action` with the query as `q`. */
  search?: { action: string; placeholder?: string; defaultValue?: string; name?: string };
  children: ReactNode;
};

const ROLE_TONE = { viewer: "neutral", operator: "info", admin: "waiting" } as const;

/**
 * The console frame: a sidebar of sections, a top bar with the global search (`/` focuses it),
 * the time-zone and theme toggles, and the user. Below 1024 px (or at 200% zoom on a laptop)
 * the sidebar folds into a menu button, so the content keeps the width.
 */
export function AppShell({ user, signOutSlot, current, available = CONSOLE_SECTIONS, homeHref, hrefs = {}, counts = {}, search, children }: AppShellProps) {
  const pathname = usePathname();
  const [navOpen, setNavOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  useSearchShortcut(searchRef);
  const currentSection = current ?? CONSOLE_NAV.find((item) => pathname === (hrefs[item.section] ?? item.href) || pathname.startsWith(`${hrefs[item.section] ?? item.href}/`))?.section;

  const nav = (
    <nav aria-label="Console" className="flex flex-col gap-0.5 p-2">
      {CONSOLE_NAV.filter((item) => available.includes(item.section)).map((item) => {
        const Icon = item.icon;
        const isCurrent = item.section === currentSection;
        const count = counts[item.section];
        const className = cn(
          "flex h-8 items-center gap-2.5 rounded-md px-2.5 text-sm font-medium transition-colors [&_svg]:size-4 [&_svg]:shrink-0",
          isCurrent ? "bg-accent text-foreground" : "text-muted-foreground hover:bg-accent/60 hover:text-foreground",
        );
        return (
          <Link key={item.section} href={hrefs[item.section] ?? item.href} className={className} aria-current={isCurrent ? "page" : undefined} onClick={() => setNavOpen(false)}>
            <Icon aria-hidden />
            {item.label}
            {count ? (
              <Badge tone="warning" className="ml-auto px-1.5 tabular-nums">
                {count}
              </Badge>
            ) : null}
          </Link>
        );
      })}
    </nav>
  );

  return (
    <div className="flex min-h-dvh">
      <a href="#main" className="sr-only z-50 rounded-md bg-background px-3 py-2 focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:shadow">
        Skip to content
      </a>
      {/* Sidebar: fixed on wide screens, a drawer below lg. */}
      <aside
        className={cn(
          "fixed inset-y-0 left-0 z-40 flex w-52 flex-col border-r bg-surface transition-transform lg:sticky lg:top-0 lg:h-dvh lg:translate-x-0",
          navOpen ? "translate-x-0 shadow-xl" : "-translate-x-full",
        )}
        aria-label="Sidebar"
      >
        <div className="flex h-12 items-center gap-2 border-b px-4">
          {homeHref ? (
            <Link href={homeHref} className="flex items-center gap-2 rounded-md focus-visible:outline-2 focus-visible:outline-ring" onClick={() => setNavOpen(false)} data-testid="home-link">
              <Logo />
              <span className="text-sm font-semibold tracking-tight">Hookwarden</span>
            </Link>
          ) : (
            <>
              <Logo />
              <span className="text-sm font-semibold tracking-tight">Hookwarden</span>
            </>
          )}
          <Button variant="ghost" size="icon-xs" className="ml-auto lg:hidden" aria-label="Close navigation" onClick={() => setNavOpen(false)}>
            <X aria-hidden />
          </Button>
        </div>
        <div className="flex-1 overflow-y-auto">{nav}</div>
        <dl className="grid grid-cols-[auto_1fr] items-center gap-x-2 gap-y-1 border-t p-3 text-xs text-muted-foreground">
          <dt>
            <Kbd>/</Kbd>
          </dt>
          <dd>Search</dd>
          <dt className="flex gap-0.5">
            <Kbd>j</Kbd>
            <Kbd>k</Kbd>
          </dt>
          <dd>Move through rows</dd>
          <dt>
            <Kbd>↵</Kbd>
          </dt>
          <dd>Open the row</dd>
        </dl>
      </aside>
      {navOpen ? <div className="fixed inset-0 z-30 bg-black/40 lg:hidden" aria-hidden onClick={() => setNavOpen(false)} /> : null}

      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-20 flex h-12 items-center gap-2 border-b bg-background/90 px-3 backdrop-blur supports-[backdrop-filter]:bg-background/75 sm:px-4">
          <Button variant="ghost" size="icon-sm" className="lg:hidden" aria-label="Open navigation" aria-expanded={navOpen} onClick={() => setNavOpen(true)}>
            <Menu aria-hidden />
          </Button>
          {search ? (
            <form role="search" action={search.action} method="get" className="relative min-w-0 max-w-md flex-1">
              <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
              <label htmlFor="global-search" className="sr-only">
                Search
              </label>
              <input
                ref={searchRef}
                id="global-search"
                name={search.name ?? "q"}
                type="search"
                defaultValue={search.defaultValue}
                placeholder={search.placeholder ?? "Search events, customers, references…"}
                autoComplete="off"
                spellCheck={false}
                className="h-8 w-full rounded-md border border-input bg-surface pl-8 pr-8 text-sm placeholder:text-muted-foreground focus-visible:border-ring focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring/40"
                data-testid="global-search"
              />
              <Kbd className="pointer-events-none absolute right-2 top-1/2 hidden -translate-y-1/2 sm:inline-flex" aria-hidden>
                /
              </Kbd>
            </form>
          ) : (
            <div className="flex-1" />
          )}
          <div className="ml-auto flex items-center gap-1">
            <TimeZoneToggle />
            <ThemeToggle />
            <UserBlock user={user} signOutSlot={signOutSlot} />
          </div>
        </header>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-3 py-5 outline-none sm:px-6">
          {children}
        </main>
      </div>
    </div>
  );
}

function UserBlock({ user, signOutSlot }: { user: AppShellUser | null; signOutSlot?: ReactNode }) {
  if (!user) {
    return (
      <Badge tone="outline" className="ml-1" title="This page answers only requests from this machine until sign-in is set up">
        Local access
      </Badge>
    );
  }
  const initials = user.name
    .split(/\s+/)
    .map((part) => part[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <div className="ml-1 flex items-center gap-2 border-l pl-2" data-testid="user-menu">
      <span data-testid="signed-in-as" className="sr-only">
        Signed in as {user.email ?? user.name} · {user.role}
      </span>
      <span aria-hidden className="flex size-7 items-center justify-center rounded-full bg-accent text-[11px] font-semibold">
        {initials}
      </span>
      <span className="hidden min-w-0 flex-col leading-tight md:flex">
        <span className="max-w-40 truncate text-[13px] font-medium" title={user.email}>
          {user.name}
        </span>
      </span>
      <Badge tone={ROLE_TONE[user.role]} className="capitalize">
        <span className="sr-only">Role: </span>
        {user.role}
      </Badge>
      {signOutSlot}
    </div>
  );
}

function Logo() {
  return (
    <svg viewBox="0 0 24 24" className="size-5 text-primary" aria-hidden>
      <path fill="currentColor" d="M12 2 3.5 5.5v6.1c0 5 3.6 9.4 8.5 10.4 4.9-1 8.5-5.4 8.5-10.4V5.5L12 2Zm0 2.2 6.5 2.7v4.7c0 3.9-2.7 7.4-6.5 8.4V4.2Z" />
    </svg>
  );
}
