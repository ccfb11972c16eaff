import { afterAll, describe, expect, it, vi } from "vitest";
import { disconnect, pool, prisma } from "@/server/db";
import { setEndpointStripeKey } from "@/server/endpoints/set-endpoint-stripe-key";
import { actAs, sessionFor } from "@/tests/support/console";
import { endpointWithSecret } from "@/tests/support/intake";
import { cliContext } from "@/tests/support/users";
import { apiRequest } from "@/tests/support/api";
import { createApiKey } from "@/server/auth/create-api-key";
import { dismissFindingAction, repairFindingAction } from "./actions";

vi.mock("@/server/auth/request-context", () => ({ requestContext: vi.fn(), renewSessionCookie: vi.fn() }));

afterAll(() => disconnect());

/** A finished dry run on an endpoint with a Stripe key, holding one finding of this kind and status. */
async function runWithFinding(kind: string, status: "open" | "repaired" | "dismissed") {
  const endpoint = await endpointWithSecret();
  await setEndpointStripeKey({ name: endpoint.name, apiKey: "rk_test_hookwardenconsoletest" }, cliContext);
  const run = await pool().query<{ id: string }>(
    `INSERT INTO reconciliation_run (id, kind, endpoint_id, dry_run, status, requested_by, finished_at, findings)
     SELECT gen_random_uuid(), 'drift_audit', id, true, 'succeeded', 'cli', now(), 1 FROM endpoint WHERE name = $1 RETURNING id`,
    [endpoint.name],
  );
  const subject = `transaction:order_${Math.random().toString(36).slice(2, 10)}`;
  const finding = await pool().query<{ id: string }>(
    `INSERT INTO reconciliation_finding (run_id, kind, subject, ours, stripe, status) VALUES ($1::uuid, $2, $3, $4::jsonb, $5::jsonb, $6) RETURNING id::text`,
    [run.rows[0]!.id, kind, subject, JSON.stringify({ status: "paid", paidBy: "pi_1" }), JSON.stringify({ paymentIntent: "pi_1", status: "requires_payment_method" }), status],
  );
  return { runId: run.rows[0]!.id, findingId: finding.rows[0]!.id, subject };
}

async function stateOf(fixture: { runId: string; findingId: string; subject: string }) {
  const finding = await prisma().reconciliationFinding.findUniqueOrThrow({ where: { id: BigInt(fixture.findingId) } });
  const run = await prisma().reconciliationRun.findUniqueOrThrow({ where: { id: fixture.runId } });
  const audits = await prisma().auditEntry.count({ where: { action: "reconciliations.repair", subject: fixture.subject } });
  return { status: finding.status, repairEventId: finding.repairEventId, repaired: run.repaired, audits };
}

describe("repairing a finding from the run page", () => {
  it("refuses a finding an operator dismissed, and changes nothing", async () => {
    const fixture = await runWithFinding("subscription_drift", "dismissed");
    await actAs((await sessionFor("operator")).claims);

    expect(await repairFindingAction({ id: fixture.findingId })).toEqual({ ok: false, error: { code: "conflict", message: `Finding ${fixture.findingId} is dismissed already.` } });
    expect(await stateOf(fixture)).toEqual({ status: "dismissed", repairEventId: null, repaired: 0, audits: 0 });
  });

  it("refuses a kind Hookwarden cannot repair (paid here, not at Stripe), saying it needs an operator, and changes nothing", async () => {
    const fixture = await runWithFinding("transaction_paid_here", "open");
    await actAs((await sessionFor("admin")).claims);

    const result = await repairFindingAction({ id: fixture.findingId });

    expect(result).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringContaining("needs an operator's decision") } });
    expect(await stateOf(fixture)).toEqual({ status: "open", repairEventId: null, repaired: 0, audits: 0 });
  });

  it("refuses one already repaired, an unknown finding and an id that is not one", async () => {
    const fixture = await runWithFinding("subscription_drift", "repaired");
    await actAs((await sessionFor("operator")).claims);

    expect(await repairFindingAction({ id: fixture.findingId })).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringContaining("is repaired already") } });
    expect(await repairFindingAction({ id: "999999999999" })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await repairFindingAction({ id: "evt_1" })).toMatchObject({ ok: false, error: { code: "invalid_request", fields: { id: "id must be a finding id" } } });
    expect(await stateOf(fixture)).toMatchObject({ status: "repaired", repaired: 0, audits: 0 });
  });
});

describe("dismissing a finding that needs no repair", () => {
  const dismissals = async (subject: string) => prisma().auditEntry.findMany({ where: { action: "reconciliations.dismiss", subject }, select: { detail: true, actorKind: true } });

  it("an operator dismisses an open finding with a reason: it is dismissed, the books are untouched, the reason is in the audit log; a second dismissal is refused", async () => {
    const fixture = await runWithFinding("transaction_paid_here", "open");
    await actAs((await sessionFor("operator")).claims);

    expect(await dismissFindingAction({ id: fixture.findingId, reason: "  " })).toMatchObject({ ok: false, error: { code: "invalid_request" } });
    expect(await dismissFindingAction({ id: fixture.findingId, reason: "refunded by hand, ticket 4411" })).toEqual({ ok: true, data: { findingId: fixture.findingId, status: "dismissed" } });
    expect(await stateOf(fixture)).toEqual({ status: "dismissed", repairEventId: null, repaired: 0, audits: 0 });
    expect(await dismissals(fixture.subject)).toEqual([{ detail: "refunded by hand, ticket 4411", actorKind: "user" }]);
    expect(await dismissFindingAction({ id: fixture.findingId, reason: "again" })).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringContaining("is dismissed already") } });
    expect(await repairFindingAction({ id: fixture.findingId })).toMatchObject({ ok: false, error: { code: "conflict" } });
  });

  it("a viewer may not dismiss, in the console or over REST, and nothing changes", async () => {
    const fixture = await runWithFinding("subscription_drift", "open");
    await actAs((await sessionFor("viewer")).claims);
    expect(await dismissFindingAction({ id: fixture.findingId, reason: "looks fine to me" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const viewerKey = (await createApiKey({ name: "dismiss viewer", role: "viewer" }, cliContext)).key;
    expect((await apiRequest("POST", `/api/v1/reconciliations/findings/${fixture.findingId}/dismiss`, viewerKey, { reason: "looks fine" })).status).toBe(403);
    expect((await stateOf(fixture)).status).toBe("open");
    const operatorKey = (await createApiKey({ name: "dismiss operator", role: "operator" }, cliContext)).key;
    const dismissed = await apiRequest("POST", `/api/v1/reconciliations/findings/${fixture.findingId}/dismiss`, operatorKey, { reason: "expected: price change pending" });
    expect(dismissed).toEqual({ status: 200, body: { findingId: fixture.findingId, status: "dismissed" } });
    expect(await dismissals(fixture.subject)).toEqual([{ detail: "expected: price change pending", actorKind: "api_key" }]);
  });
});
