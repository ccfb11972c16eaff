import { afterAll, describe, expect, it, vi } from "vitest";
import { disconnect, pool, prisma } from "@/server/db";
import { setEndpointStripeKey } from "@/server/endpoints/set-endpoint-stripe-key";
import { actAs, sessionFor } from "@/tests/support/console";
import { endpointWithSecret } from "@/tests/support/intake";
import { cliContext } from "@/tests/support/users";
import { startReconciliationAction } from "./actions";

vi.mock("@/server/auth/request-context", () => ({ requestContext: vi.fn(), renewSessionCookie: vi.fn() }));

afterAll(() => disconnect());

const runsOn = (endpoint: string) => prisma().reconciliationRun.findMany({ where: { endpoint: { name: endpoint } } });
const startAudits = () => prisma().auditEntry.count({ where: { action: "reconciliations.start" } });

describe("starting a reconciliation run from the console", () => {
  it("on an endpoint without a Stripe key, answers the conflict with how to set one, and creates no run and no audit entry", async () => {
    const endpoint = await endpointWithSecret();
    await actAs((await sessionFor("operator")).claims);
    const audits = await startAudits();

    const result = await startReconciliationAction({ kind: "drift_audit", endpoint: endpoint.name, dryRun: true });

    expect(result).toEqual({
      ok: false,
      error: {
        code: "conflict",
        message: `Endpoint "${endpoint.name}" has no Stripe API key, so Hookwarden cannot ask Stripe. Set STRIPE_API_KEY (default endpoint) or run: hookwarden endpoint set-stripe-key ${endpoint.name}`,
      },
    });
    expect(await runsOn(endpoint.name)).toEqual([]);
    expect(await startAudits()).toBe(audits);
  });

  it("while a run of that kind is going on, refuses another, naming the one going on, and adds none", async () => {
    const endpoint = await endpointWithSecret();
    await setEndpointStripeKey({ name: endpoint.name, apiKey: "rk_test_hookwardenconsoletest" }, cliContext);
    const going = await pool().query<{ id: string }>(
      `INSERT INTO reconciliation_run (id, kind, endpoint_id, requested_by) SELECT gen_random_uuid(), 'drift_audit', id, 'cli' FROM endpoint WHERE name = $1 RETURNING id`,
      [endpoint.name],
    );
    await actAs((await sessionFor("operator")).claims);

    const result = await startReconciliationAction({ kind: "drift_audit", endpoint: endpoint.name });

    expect(result).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringContaining(`run ${going.rows[0]!.id}`) } });
    expect((await runsOn(endpoint.name)).map((run) => run.id)).toEqual([going.rows[0]!.id]);
  });

  it("refuses a recovery from further back than Stripe keeps events, naming the field, before creating anything", async () => {
    const endpoint = await endpointWithSecret();
    await setEndpointStripeKey({ name: endpoint.name, apiKey: "rk_test_hookwardenconsoletest" }, cliContext);
    await actAs((await sessionFor("admin")).claims);

    const since = new Date(Date.now() - 40 * 86_400_000).toISOString();
    const result = await startReconciliationAction({ kind: "missed_events", endpoint: endpoint.name, since, onlyFailedDeliveries: false });

    expect(result).toMatchObject({ ok: false, error: { code: "invalid_request", fields: { since: "within the last 30 days" } } });
    expect(await startReconciliationAction({ kind: "refunds", endpoint: endpoint.name })).toMatchObject({ ok: false, error: { code: "invalid_request", fields: { kind: expect.any(String) } } });
    expect(await runsOn(endpoint.name)).toEqual([]);
  });
});
