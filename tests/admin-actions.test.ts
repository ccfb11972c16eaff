/**
 * The console's admin actions (API keys, endpoints) through their real server actions:
 * authorised on the server, audited with the signed-in user, and bad input changes nothing.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { createApiKeyAction, revokeApiKeyAction } from "@/app/(console)/admin/actions";
import { setEndpointStripeKeyAction, updateEndpointAction } from "@/app/(console)/admin/endpoints/actions";
import { disconnect, prisma } from "@/server/db";
import { stripeKeyState } from "@/server/endpoints/stripe-key-state";
import { apiGet } from "./support/api";
import { actAs, sessionFor } from "./support/console";
import { endpointWithSecret } from "./support/intake";

vi.mock("@/server/auth/request-context", () => ({ requestContext: vi.fn(), renewSessionCookie: vi.fn() }));

afterAll(() => disconnect());

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

describe("API key actions", () => {
  it("an admin creates a key (returned once, audited under their name) and revokes it; the REST API refuses it at once", async () => {
    const { user, claims } = await sessionFor("admin");
    await actAs(claims, "10.9.8.7");
    const created = await createApiKeyAction(form({ name: "console-made", role: "viewer" }));
    if (!created.ok) throw new Error(created.error.message);
    expect((await apiGet("/api/v1/events", created.data.key)).status).toBe(200);

    const revoked = await revokeApiKeyAction({ id: created.data.id, reason: "no longer needed" });
    expect(revoked).toMatchObject({ ok: true, data: { revokedAt: expect.any(String) } });
    expect((await apiGet("/api/v1/events", created.data.key)).status).toBe(401);

    const entries = await prisma().auditEntry.findMany({ where: { subject: `api_key:${created.data.id}` }, orderBy: { id: "asc" } });
    expect(entries).toMatchObject([
      { action: "api_keys.create", actorKind: "user", actorId: user.id, actorLabel: user.email, sourceAddress: "10.9.8.7" },
      { action: "api_keys.revoke", actorId: user.id, detail: "no longer needed" },
    ]);
    expect(JSON.stringify(entries, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value))).not.toContain(created.data.key);
  });

  it("an operator is refused, and nothing is created or revoked", async () => {
    const admin = await sessionFor("admin");
    await actAs(admin.claims);
    const created = await createApiKeyAction(form({ name: "target", role: "viewer" }));
    if (!created.ok) throw new Error(created.error.message);

    await actAs((await sessionFor("operator")).claims);
    const before = await prisma().apiKey.count();
    expect(await createApiKeyAction(form({ name: "sneaky", role: "admin" }))).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await revokeApiKeyAction({ id: created.data.id, reason: "because I can" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await prisma().apiKey.count()).toBe(before);
    expect((await prisma().apiKey.findUniqueOrThrow({ where: { id: created.data.id } })).revokedAt).toBeNull();
  });
});

describe("endpoint actions", () => {
  it("an admin changes the policy (audited); bad input answers per field and changes nothing", async () => {
    const endpoint = await endpointWithSecret();
    const { user, claims } = await sessionFor("admin");
    await actAs(claims);

    expect(await updateEndpointAction(form({ name: endpoint.name, noReferencePolicy: "allow", toleranceSeconds: "-5" }))).toMatchObject({
      ok: false,
      error: { code: "invalid_request", fields: { toleranceSeconds: expect.stringMatching(/at least 1/) } },
    });
    expect(await prisma().endpoint.findUniqueOrThrow({ where: { name: endpoint.name } })).toMatchObject({ noReferencePolicy: "quarantine", toleranceSeconds: null });

    expect(await updateEndpointAction(form({ name: endpoint.name, noReferencePolicy: "allow", toleranceSeconds: "" }))).toMatchObject({ ok: true, data: { changed: true } });
    expect((await prisma().endpoint.findUniqueOrThrow({ where: { name: endpoint.name } })).noReferencePolicy).toBe("allow");
    expect(await prisma().auditEntry.findMany({ where: { subject: `endpoint:${endpoint.name}` } })).toMatchObject([
      { action: "endpoints.update", actorId: user.id, before: { noReferencePolicy: "quarantine" }, after: { noReferencePolicy: "allow" } },
    ]);

    await actAs((await sessionFor("operator")).claims);
    expect(await updateEndpointAction(form({ name: endpoint.name, noReferencePolicy: "quarantine", toleranceSeconds: "" }))).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect((await prisma().endpoint.findUniqueOrThrow({ where: { name: endpoint.name } })).noReferencePolicy).toBe("allow");
  });

  it("an admin turns on thin events and edits the confirm-with-source list as a list; null restores the default", async () => {
    const endpoint = await endpointWithSecret();
    await actAs((await sessionFor("admin")).claims);

    const edited = await updateEndpointAction({ name: endpoint.name, noReferencePolicy: "quarantine", toleranceSeconds: "", thin: true, confirmEventTypes: ["invoice.paid", "charge.succeeded", "invoice.paid"] });
    expect(edited).toMatchObject({ ok: true, data: { changed: true, settings: { thin: true, confirmEventTypes: ["charge.succeeded", "invoice.paid"] } } });
    expect(await prisma().endpoint.findUniqueOrThrow({ where: { name: endpoint.name } })).toMatchObject({ thin: true, confirmTypesSet: true, confirmEventTypes: ["charge.succeeded", "invoice.paid"] });

    expect(await updateEndpointAction({ name: endpoint.name, noReferencePolicy: "quarantine", toleranceSeconds: "", thin: true, confirmEventTypes: ["Invoice Paid"] })).toMatchObject({
      ok: false,
      error: { code: "invalid_request" },
    });
    const restored = await updateEndpointAction({ name: endpoint.name, noReferencePolicy: "quarantine", toleranceSeconds: "", thin: false, confirmEventTypes: null });
    expect(restored).toMatchObject({ ok: true, data: { settings: { thin: false, confirmEventTypes: null } } });
    expect(await prisma().endpoint.findUniqueOrThrow({ where: { name: endpoint.name } })).toMatchObject({ thin: false, confirmTypesSet: false });
  });

  it("an admin sets, replaces and removes a Stripe key: only fingerprints come back and reach the audit log; a bad key and an operator change nothing", async () => {
    const endpoint = await endpointWithSecret();
    const { user, claims } = await sessionFor("admin");
    await actAs(claims);
    const first = "rk_test_51consoleFirstKey0001";
    const second = "rk_test_51consoleSecondKey0002";

    const set = await setEndpointStripeKeyAction({ name: endpoint.name, apiKey: first });
    expect(set).toEqual({ ok: true, data: { name: endpoint.name, fingerprint: expect.stringMatching(/^[0-9a-f]{12}$/) } });
    const replaced = await setEndpointStripeKeyAction({ name: endpoint.name, apiKey: second });
    if (!set.ok || !replaced.ok) throw new Error("setting a key failed");
    const row = await prisma().endpoint.findUniqueOrThrow({ where: { name: endpoint.name } });
    expect(row.stripeApiKeyFingerprint).toBe(replaced.data.fingerprint);
    expect(Buffer.from(row.stripeApiKeyCiphertext!).toString("latin1")).not.toContain(second);
    expect(stripeKeyState(row)).toEqual({ source: "endpoint", fingerprint: replaced.data.fingerprint });

    expect(await setEndpointStripeKeyAction({ name: endpoint.name, apiKey: "whsec_not_a_stripe_api_key" })).toMatchObject({ ok: false, error: { code: "invalid_request", fields: { apiKey: expect.any(String) } } });
    await actAs((await sessionFor("operator")).claims);
    expect(await setEndpointStripeKeyAction({ name: endpoint.name, apiKey: null })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect((await prisma().endpoint.findUniqueOrThrow({ where: { name: endpoint.name } })).stripeApiKeyFingerprint).toBe(replaced.data.fingerprint);

    await actAs(claims);
    expect(await setEndpointStripeKeyAction({ name: endpoint.name, apiKey: null })).toEqual({ ok: true, data: { name: endpoint.name, fingerprint: null } });
    expect(stripeKeyState(await prisma().endpoint.findUniqueOrThrow({ where: { name: endpoint.name } }))).toEqual({ source: null, fingerprint: null });

    const entries = await prisma().auditEntry.findMany({ where: { subject: `endpoint:${endpoint.name}`, action: "endpoints.set_stripe_key" }, orderBy: { id: "asc" } });
    expect(entries).toMatchObject([
      { actorId: user.id, before: { stripeApiKey: null }, after: { stripeApiKey: set.data.fingerprint } },
      { before: { stripeApiKey: set.data.fingerprint }, after: { stripeApiKey: replaced.data.fingerprint } },
      { before: { stripeApiKey: replaced.data.fingerprint }, after: { stripeApiKey: null } },
    ]);
    const logged = JSON.stringify(entries, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value));
    expect(logged).not.toContain(first);
    expect(logged).not.toContain(second);
  });
});
