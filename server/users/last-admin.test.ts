import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../tests/support/fresh-database";
import { cliContext, userWithPassword } from "../../tests/support/users";
import { disconnect, prisma } from "../db";
import { changeUserRole } from "./change-user-role";
import { deactivateUser } from "./deactivate-user";

// "The last admin" is about the whole table: this file has a database of its own.
beforeAll(() => useFreshDatabase("last_admin"), 60_000);
afterAll(() => disconnect());

describe("the last active admin", () => {
  it("cannot be demoted or deactivated, so the console can always be administered", async () => {
    const only = await userWithPassword("admin");
    await expect(changeUserRole({ user: only.id, role: "operator" }, cliContext)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/last active admin/) });
    await expect(deactivateUser({ user: only.id }, cliContext)).rejects.toMatchObject({ code: "conflict" });
    expect(await prisma().user.findUniqueOrThrow({ where: { id: only.id } })).toMatchObject({ role: "admin", deactivatedAt: null, sessionVersion: only.sessionVersion });
    expect(await prisma().auditEntry.count()).toBe(0);

    // A deactivated admin does not count as another admin.
    const former = await userWithPassword("admin");
    await deactivateUser({ user: former.id }, cliContext);
    await expect(changeUserRole({ user: only.id, role: "viewer" }, cliContext)).rejects.toMatchObject({ code: "conflict" });
  });

  it("two admins demoting each other at the same moment: exactly one succeeds", async () => {
    await prisma().user.updateMany({ where: { role: "admin" }, data: { role: "viewer" } });
    const [a, b] = [await userWithPassword("admin"), await userWithPassword("admin")];
    const results = await Promise.allSettled([
      changeUserRole({ user: a.id, role: "viewer" }, cliContext),
      changeUserRole({ user: b.id, role: "viewer" }, cliContext),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(results.find((result) => result.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });
    expect(await prisma().user.count({ where: { role: "admin", deactivatedAt: null } })).toBe(1);
  });
});
