// The console's frame: sections, search, theme, and who is signed in. Every page under app/(console)/ also
// calls requireUser itself, since a layout is not re-rendered when the browser navigates between its pages.
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { AppShell, type ConsoleSection } from "@/components/console/app-shell";
import { permits } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { countTroubledDestinations } from "@/server/destinations/count-troubled-destinations";
import { countOpenBreakers } from "@/server/gatekeeper/views/count-open-breakers";
import { countOpenReviews } from "@/server/gatekeeper/fraud/list-reviews";
import { listOpenQuarantine } from "@/server/quarantine/list-open-quarantine";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireUser("viewer");
  const available: ConsoleSection[] = ["overview", "events", "quarantine"];
  if (permits(user.role, "reviews.list")) available.push("reviews");
  if (permits(user.role, "gatekeeper.view")) available.push("gatekeeper");
  const seesDestinations = permits(user.role, "destinations.list");
  if (seesDestinations) available.push("destinations");
  if (permits(user.role, "reconciliations.list")) available.push("reconciliation");
  if (permits(user.role, "transactions.list")) available.push("transactions");
  if (permits(user.role, "customers.get")) available.push("customers");
  const [quarantine, openReviews, openBreakers, troubledDestinations] = await Promise.all([
    listOpenQuarantine(),
    countOpenReviews(),
    countOpenBreakers(),
    seesDestinations ? countTroubledDestinations() : 0,
  ]);
  const openQuarantine = quarantine.groups.reduce((sum, group) => sum + group.count, 0);
  if (permits(user.role, "audit.list")) available.push("audit");
  if (permits(user.role, "api_keys.list")) available.push("admin");
  return (
    <AppShell
      user={{ name: user.name ?? user.email, email: user.email, role: user.role }}
      signOutSlot={<SignOutButton />}
      available={available}
      hrefs={{ events: "/" }}
      homeHref="/overview"
      counts={{ quarantine: openQuarantine, reviews: openReviews, gatekeeper: openBreakers, destinations: troubledDestinations }}
      search={{ action: "/", placeholder: "Search events: evt_…, pi_…, cus_…, a payment reference, invoice.*" }}
    >
      {children}
    </AppShell>
  );
}
