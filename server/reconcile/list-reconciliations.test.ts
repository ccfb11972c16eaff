import { afterAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/server/auth/create-api-key";
import { disconnect, pool } from "@/server/db";
import { endpointWithSecret } from "@/tests/support/intake";
import { cliContext, userWithPassword } from "@/tests/support/users";
import { getReconciliationOrThrow, listReconciliations } from "./list-reconciliations";

afterAll(() => disconnect());

describe("the list of reconciliation runs", () => {
  it("says who started each run in words (a user, an API key, the CLI, the schedule), newest first", async () => {
    const endpoint = await endpointWithSecret();
    const user = await userWithPassword("operator");
    const key = await createApiKey({ name: "nightly-job", role: "operator" }, cliContext);
    const requesters = [`user:${user.id}`, `api_key:${key.id}`, "cli", "system", "user:00000000-0000-4000-8000-000000000000"];
    const ids: string[] = [];
    for (const [index, requestedBy] of requesters.entries()) {
      const rows = await pool().query<{ id: string }>(
        `INSERT INTO reconciliation_run (id, kind, endpoint_id, requested_by, started_at) SELECT gen_random_uuid(), 'drift_audit', id, $2, now() + ($3::int * interval '1 second') FROM endpoint WHERE name = $1 RETURNING id`,
        [endpoint.name, requestedBy, 100_000 + index],
      );
      ids.push(rows.rows[0]!.id);
    }

    const runs = (await listReconciliations({ limit: 200 })).filter((run) => run.endpoint === endpoint.name);

    expect(runs.map((run) => [run.id, run.requestedByLabel])).toEqual(
      [
        [ids[0], user.email],
        [ids[1], "API key nightly-job"],
        [ids[2], "the CLI"],
        [ids[3], "the schedule"],
        [ids[4], "a removed user"],
      ].reverse(),
    );
    expect((await getReconciliationOrThrow(ids[0]!)).requestedByLabel).toBe(user.email);
  });
});
