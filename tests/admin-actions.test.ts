/**
 * The console's admin actions (API keys, endpoints) through their real server actions:
 * authorised on the server, audited with the signed-in user, and bad input changes nothing.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { createApiKeyAction, revokeApiKeyAction } from "@/app/(console)/admin/actions";
import { updateEndpointAction } from "@/app/(console)/admin/endpoints/actions";
import { disconnect, prisma } from "@/server/db";
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
});
