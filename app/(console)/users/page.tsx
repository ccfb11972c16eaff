// GET /users — console users: add, change role, deactivate (users.list: admin)
import type { Metadata } from "next";
import { AdminNav } from "@/components/admin/admin-nav";
import { UsersAdmin } from "@/components/users/users-admin";
import { ACTIONS } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { listUsers } from "@/server/users/list-users";
import { changeUserRoleAction, createUserAction, deactivateUserAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users · Hookwarden" };

export default async function UsersPage() {
  const user = await requireUser(ACTIONS["users.list"].role);
  return (
    <div className="mx-auto max-w-7xl">
      <AdminNav current="/users" />
      <header className="mb-6 mt-6">
        <h1 className="text-2xl font-semibold">Users</h1>
        <p className="text-sm text-zinc-500">Roles: viewer reads, operator also acts on events, admin also manages users and settings. A role change or a deactivation ends the user&apos;s sessions at once.</p>
      </header>
      <UsersAdmin users={await listUsers()} actions={{ createUser: createUserAction, changeRole: changeUserRoleAction, deactivate: deactivateUserAction }} currentUserId={user.id} />
    </div>
  );
}
