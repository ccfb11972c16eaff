"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Field, FormMessage, SubmitButton } from "@/components/auth/field";
import { NavigableTableBody, NavigableTableRow } from "@/components/ui/navigable-table";
import type { ActionResult } from "@/server/auth/action";
import type { UserSummary } from "@/server/users/user-summary";

type Actions = {
  createUser: (input: FormData) => Promise<ActionResult<{ user: UserSummary; oneTimePassword: string | null }>>;
  changeRole: (input: FormData) => Promise<ActionResult<{ user: UserSummary; changed: boolean }>>;
  deactivate: (input: FormData) => Promise<ActionResult<UserSummary>>;
};

const ROLE_OPTIONS = ["viewer", "operator", "admin"] as const;

/** Creating users (the one-time password is shown once), changing roles and deactivating, each with its outcome said. */
export function UsersAdmin({ users, actions, currentUserId }: { users: UserSummary[]; actions: Actions; currentUserId: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string; fields?: Record<string, string> } | null>(null);
  const [oneTimePassword, setOneTimePassword] = useState<{ email: string; password: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function run<T>(work: Promise<ActionResult<T>>, success: (data: T) => string): Promise<boolean> {
    setPending(true);
    const result = await work;
    setPending(false);
    if (!result.ok) {
      setMessage({ kind: "error", text: result.error.message, fields: result.error.fields });
      return false;
    }
    setMessage({ kind: "success", text: success(result.data) });
    router.refresh();
    return true;
  }

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setOneTimePassword(null);
    await run(actions.createUser(new FormData(form)), (data) => {
      if (data.oneTimePassword) setOneTimePassword({ email: data.user.email, password: data.oneTimePassword });
      form.reset();
      return `${data.user.email} was created as ${data.user.role}.`;
    });
  }

  async function changeRole(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await run(actions.changeRole(new FormData(event.currentTarget)), (data) =>
      data.changed ? `${data.user.email} is now ${data.user.role}; their sessions have ended.` : `${data.user.email} already was ${data.user.role}; nothing changed.`,
    );
  }

  async function deactivate(event: FormEvent<HTMLFormElement>, user: UserSummary) {
    event.preventDefault();
    if (!window.confirm(`Deactivate ${user.email}? They can no longer sign in, and their sessions end now.`)) return;
    await run(actions.deactivate(new FormData(event.currentTarget)), (data) => `${data.email} is deactivated.`);
  }

  return (
    <div className="flex flex-col gap-8">
      {message ? <FormMessage kind={message.kind}>{message.text}</FormMessage> : null}
      {oneTimePassword ? (
        <section aria-labelledby="otp-heading" className="rounded border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-800 dark:bg-amber-950">
          <h2 id="otp-heading" className="font-medium">
            One-time password for {oneTimePassword.email}
          </h2>
          <p className="mt-1">Shown once. Hand it over privately; they choose their own password at their first sign-in.</p>
          <p className="mt-2 font-mono text-base" data-testid="one-time-password">
            {oneTimePassword.password}
          </p>
        </section>
      ) : null}

      <section aria-labelledby="create-heading">
        <h2 id="create-heading" className="mb-3 text-lg font-medium">
          Add a user
        </h2>
        <form onSubmit={create} className="grid grid-cols-1 items-end gap-3 md:grid-cols-5" noValidate>
          <Field label="E-mail address" name="email" type="email" required error={message?.fields?.email} />
          <Field label="Name" name="name" error={message?.fields?.name} />
          <div className="flex flex-col gap-1">
            <label htmlFor="new-user-role" className="text-sm font-medium">
              Role
            </label>
            <select id="new-user-role" name="role" defaultValue="viewer" className="rounded border border-zinc-300 bg-white px-2 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900">
              {ROLE_OPTIONS.map((role) => (
                <option key={role}>{role}</option>
              ))}
            </select>
          </div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="ssoOnly" /> SSO only (no password)
          </label>
          <SubmitButton pending={pending}>Add user</SubmitButton>
        </form>
      </section>

      <section aria-labelledby="list-heading">
        <h2 id="list-heading" className="mb-3 text-lg font-medium">
          Users
        </h2>
        <table className="w-full border-collapse text-left text-sm">
          <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">User</th>
              <th scope="col" className="py-2 pr-4 font-medium">Status</th>
              <th scope="col" className="py-2 pr-4 font-medium">Last sign-in (UTC)</th>
              <th scope="col" className="py-2 pr-4 font-medium">Role</th>
              <th scope="col" className="py-2 pr-4 font-medium">Deactivate</th>
            </tr>
          </thead>
          <NavigableTableBody rowCount={users.length}>
            {users.map((user, index) => (
              <NavigableTableRow key={user.id} index={index} data-testid="user-row" className="border-b border-zinc-100 align-top dark:border-zinc-900">
                <td className="py-2 pr-4">
                  {user.email}
                  {user.name ? <span className="block text-xs text-zinc-500">{user.name}</span> : null}
                  {user.id === currentUserId ? <span className="block text-xs text-zinc-500">you</span> : null}
                </td>
                <td className="py-2 pr-4">
                  {user.status}
                  <span className="block text-xs text-zinc-500">{user.passwordSignIn ? (user.mustChangePassword ? "one-time password" : "password") : "SSO only"}</span>
                </td>
                <td className="py-2 pr-4 tabular-nums text-zinc-500">{user.lastSignInAt?.replace("T", " ").slice(0, 16) ?? "never"}</td>
                <td className="py-2 pr-4">
                  {user.status === "active" ? (
                    <form onSubmit={changeRole} className="flex gap-2">
                      <input type="hidden" name="user" value={user.id} />
                      <label htmlFor={`role-${user.id}`} className="sr-only">
                        Role of {user.email}
                      </label>
                      <select id={`role-${user.id}`} name="role" defaultValue={user.role} className="rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900">
                        {ROLE_OPTIONS.map((role) => (
                          <option key={role}>{role}</option>
                        ))}
                      </select>
                      <button type="submit" disabled={pending} className="text-sm underline">
                        Change
                      </button>
                    </form>
                  ) : (
                    user.role
                  )}
                </td>
                <td className="py-2 pr-4">
                  {user.status === "active" ? (
                    <form onSubmit={(event) => void deactivate(event, user)} className="flex gap-2">
                      <input type="hidden" name="user" value={user.id} />
                      <label htmlFor={`reason-${user.id}`} className="sr-only">
                        Reason for deactivating {user.email}
                      </label>
                      <input id={`reason-${user.id}`} name="reason" placeholder="reason" className="w-32 rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900" />
                      <button type="submit" disabled={pending} className="text-sm text-rose-700 underline dark:text-rose-400">
                        Deactivate
                      </button>
                    </form>
                  ) : null}
                </td>
              </NavigableTableRow>
            ))}
          </NavigableTableBody>
        </table>
      </section>
    </div>
  );
}
