// The console's frame: navigation and who is signed in. Every page under app/(console)/ also calls requireUser
// itself, since a layout is not re-rendered when the browser navigates between its pages.
import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { permits } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireUser("viewer");
  const links = [
    { href: "/", label: "Events", shown: true },
    { href: "/audit", label: "Audit log", shown: permits(user.role, "audit.list") },
    { href: "/users", label: "Users", shown: permits(user.role, "users.list") },
  ].filter((link) => link.shown);
  return (
    <div className="min-h-screen">
      <header className="border-b border-zinc-200 dark:border-zinc-800">
        <nav aria-label="Console" className="mx-auto flex max-w-6xl items-center gap-6 px-8 py-3 text-sm">
          <span className="font-semibold">Hookwarden</span>
          <ul className="flex gap-4">
            {links.map((link) => (
              <li key={link.href}>
                <Link href={link.href} className="hover:underline">
                  {link.label}
                </Link>
              </li>
            ))}
          </ul>
          <div className="ml-auto flex items-center gap-4 text-zinc-500">
            <span data-testid="signed-in-as">
              {user.email} · {user.role}
            </span>
            <Link href="/account/password" className="hover:underline">
              Password
            </Link>
            <SignOutButton />
          </div>
        </nav>
      </header>
      {children}
    </div>
  );
}
