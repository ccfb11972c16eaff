import { afterAll, describe, expect, it } from "vitest";
import { apiGet } from "../../tests/support/api";
import { cliContext } from "../../tests/support/users";
import { disconnect, prisma } from "../db";
import { createApiKey } from "./create-api-key";
import { listApiKeys } from "./list-api-keys";
import { revokeApiKey } from "./revoke-api-key";

afterAll(() => disconnect());

const auditOf = (id: string) => prisma().auditEntry.findMany({ where: { subject: `api_key:${id}` }, orderBy: { id: "asc" } });
const stringified = (value: unknown) => JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? String(item) : item));

describe("createApiKey", () => {
  it("returns the key once, stores only its hash, and records name, role and prefix (never the key) in the audit log", async () => {
    const created = await createApiKey({ name: "  grafana ", role: "viewer" }, cliContext);
    expect(created.key).toMatch(new RegExp(`^hwk_${created.prefix}_[A-Za-z0-9_-]{32}$`));
    expect(created).toMatchObject({ name: "grafana", role: "viewer", revokedAt: null, lastUsedAt: null });
    const row = await prisma().apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.hash).toMatch(/^\$argon2id\$/);
    expect(row.hash).not.toContain(created.key);

    const entries = await auditOf(created.id);
    expect(entries).toMatchObject([{ action: "api_keys.create", actorKind: "cli", after: { name: "grafana", role: "viewer", prefix: created.prefix } }]);
    expect(stringified(entries)).not.toContain(created.key);
    expect(stringified(entries)).not.toContain("argon2");
  });

  it("refuses bad input with a message per field and creates nothing", async () => {
    const before = await prisma().apiKey.count();
    const auditBefore = await prisma().auditEntry.count({ where: { action: "api_keys.create" } });
    await expect(createApiKey({ name: " ", role: "viewer" }, cliContext)).rejects.toMatchObject({ code: "invalid_request", fields: { name: "a key needs a name" } });
    await expect(createApiKey({ name: "x", role: "root" as "admin" }, cliContext)).rejects.toMatchObject({ code: "invalid_request", fields: { role: expect.stringMatching(/viewer, operator, admin/) } });
    expect(await prisma().apiKey.count()).toBe(before);
    expect(await prisma().auditEntry.count({ where: { action: "api_keys.create" } })).toBe(auditBefore);
  });
});

describe("listApiKeys", () => {
  it("shows each key's metadata and never a key or a hash", async () => {
    const created = await createApiKey({ name: "listed", role: "operator" }, cliContext);
    const listed = await listApiKeys();
    expect(listed.find((key) => key.id === created.id)).toEqual({
      id: created.id,
      name: "listed",
      role: "operator",
      prefix: created.prefix,
      createdAt: created.createdAt,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(JSON.stringify(listed)).not.toMatch(/argon2|hwk_[0-9a-f]{12}_/);
  });
});

describe("revokeApiKey", () => {
  it("makes the REST API refuse the key at its very next request, and records who, why, before and after", async () => {
    const created = await createApiKey({ name: "leaked", role: "operator" }, cliContext);
    expect((await apiGet("/api/v1/events", created.key)).status).toBe(200); // also warms the verification cache
    const revoked = await revokeApiKey({ id: created.id, reason: "pasted into a public gist" }, cliContext);
    expect(revoked.revokedAt).not.toBeNull();
    expect((await apiGet("/api/v1/events", created.key)).status).toBe(401);
    expect((await auditOf(created.id)).at(-1)).toMatchObject({
      action: "api_keys.revoke",
      detail: "pasted into a public gist",
      before: { status: "active", prefix: created.prefix },
      after: { status: "revoked", prefix: created.prefix },
    });
  });

  it("refuses a missing reason, an unknown key and a second revocation, changing nothing", async () => {
    const created = await createApiKey({ name: "kept", role: "viewer" }, cliContext);
    await expect(revokeApiKey({ id: created.id, reason: "  " }, cliContext)).rejects.toMatchObject({ code: "invalid_request", fields: { reason: expect.stringMatching(/reason is required/) } });
    await expect(revokeApiKey({ id: "not-a-uuid", reason: "because" }, cliContext)).rejects.toMatchObject({ code: "invalid_request", fields: { id: expect.any(String) } });
    await expect(revokeApiKey({ id: "00000000-0000-4000-8000-000000000000", reason: "because" }, cliContext)).rejects.toMatchObject({ code: "not_found" });
    expect((await prisma().apiKey.findUniqueOrThrow({ where: { id: created.id } })).revokedAt).toBeNull();
    expect((await apiGet("/api/v1/events", created.key)).status).toBe(200);

    await revokeApiKey({ id: created.id, reason: "rotated" }, cliContext);
    const first = (await prisma().apiKey.findUniqueOrThrow({ where: { id: created.id } })).revokedAt;
    await expect(revokeApiKey({ id: created.id, reason: "again" }, cliContext)).rejects.toMatchObject({ code: "conflict" });
    expect((await prisma().apiKey.findUniqueOrThrow({ where: { id: created.id } })).revokedAt).toEqual(first);
    expect((await auditOf(created.id)).filter((entry) => entry.action === "api_keys.revoke")).toHaveLength(1);
  });
});
