"use client";

import { signOut } from "next-auth/react";

/** Signs out through next-auth (a CSRF-protected POST), which ends every session of the user. */
export function SignOutButton() {
  return (
    <button type="button" onClick={() => void signOut({ callbackUrl: "/sign-in" })} className="text-sm underline-offset-2 hover:underline">
      Sign out
    </button>
  );
}
