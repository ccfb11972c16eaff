// The console's frame: sections, search, theme, and who is signed in. Every page under app/(console)/ also
// calls requireUser itself, since a layout is not re-rendered when the browser navigates between its pages.
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { AppShell, type ConsoleSection } from "@/components/console/app-shell";
import { permits } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireUser("viewer");
  const available: ConsoleSection[] = ["events"];
  if (permits(user.role, "transactions.list")) available.push("transactions");
  if (permits(user.role, "customers.get")) available.push("customers");
  if (permits(user.role, "audit.list")) available.push("audit");
  if (permits(user.role, "api_keys.list")) available.push("admin");
  return (
    <AppShell
      user={{ name: user.name ?? user.email, email: user.email, role: user.role }}
      signOutSlot={<SignOutButton />}
      available={available}
      hrefs={{ events: "/" }}
      search={{ action: "/", placeholder: "Find an event id (evt_…) or type (invoice.*)" }}
    >
      {children}
    </AppShell>
  );
}
