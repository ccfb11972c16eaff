import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { disconnect, pool } from "../db";
import { useVaultFake } from "@/tests/support/secret-providers";
import type { VaultFake } from "./fakes/start-vault-fake";
import { forgetCachedSecrets, peekCachedSecret, readCachedSecret } from "./read-cached-secret";
import { parseSecretReference } from "./secret-reference";

let vault: VaultFake;
beforeAll(async () => {
  vault = await useVaultFake();
});
beforeEach(() => {
  vault.up();
  forgetCachedSecrets();
});
afterAll(() => disconnect());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const TTL_PASSED = 1_100;

/** A fresh Vault secret and its reference; paths are unique so tests never share a cache entry or an alert. */
function vaultSecret(value: string) {
  const path = `hookwarden/cache-${randomBytes(4).toString("hex")}`;
  vault.put(`secret/${path}`, { signing_secret: value });
  const text = `vault:secret/${path}#signing_secret`;
  return { path, text, reference: parseSecretReference(text) };
}

async function alertsFor(subject: string) {
  const { rows } = await pool().query<{ severity: string; message: string; resolved_at: Date | null }>(`SELECT severity, message, resolved_at FROM alert WHERE kind = 'secret_provider_unreachable' AND subject = $1 ORDER BY id`, [subject]);
  return rows;
}

describe("the secret cache in front of external providers", () => {
  it("serves a value from memory while it is fresh, and reads the provider again once it is stale", async () => {
    const { path, reference } = vaultSecret("whsec_cache_first_123");
    const before = vault.reads();
    expect(await readCachedSecret(reference)).toBe("whsec_cache_first_123");
    expect(await readCachedSecret(reference)).toBe("whsec_cache_first_123");
    expect(vault.reads() - before).toBe(1);

    vault.put(`secret/${path}`, { signing_secret: "whsec_cache_rolled_456" });
    expect(await readCachedSecret(reference)).toBe("whsec_cache_first_123");
    await sleep(TTL_PASSED);
    expect(await readCachedSecret(reference)).toBe("whsec_cache_rolled_456");
    expect(vault.reads() - before).toBe(2);
  });

  it("keeps the last good value through an outage, opens an alert without the value, and resolves it when the provider answers", async () => {
    const { text, reference } = vaultSecret("whsec_cache_keep_789");
    expect(await readCachedSecret(reference)).toBe("whsec_cache_keep_789");

    vault.down("sealed");
    await sleep(TTL_PASSED);
    expect(await readCachedSecret(reference)).toBe("whsec_cache_keep_789");
    const open = await alertsFor(text);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ severity: "warning", resolved_at: null });
    expect(open[0]!.message).toMatch(/could not be read; the last value read .* is still used\. Vault answered 503/);
    expect(open[0]!.message).not.toContain("whsec_cache_keep_789");

    // Unreachable rather than sealed: still the last good value, still one open alert.
    vault.down("unreachable");
    await sleep(TTL_PASSED);
    expect(await readCachedSecret(reference)).toBe("whsec_cache_keep_789");
    expect((await alertsFor(text)).filter((alert) => alert.resolved_at === null)).toHaveLength(1);

    vault.up();
    await sleep(TTL_PASSED);
    expect(await readCachedSecret(reference)).toBe("whsec_cache_keep_789");
    const after = await alertsFor(text);
    expect(after).toHaveLength(1);
    expect(after[0]!.resolved_at).not.toBeNull();
  });

  it("a secret never read during an outage is unavailable (null, a critical alert) and is read again once the provider answers", async () => {
    const { text, reference } = vaultSecret("whsec_cache_late_321");
    vault.down("sealed");
    expect(await readCachedSecret(reference)).toBeNull();
    expect(peekCachedSecret(reference)).toBeNull();
    expect(await alertsFor(text)).toMatchObject([{ severity: "critical", resolved_at: null }]);

    vault.up();
    // Not asked again at once (callers do not queue on a provider that is down), but within the cache period.
    expect(await readCachedSecret(reference)).toBeNull();
    await sleep(TTL_PASSED);
    expect(await readCachedSecret(reference)).toBe("whsec_cache_late_321");
    expect(peekCachedSecret(reference)).toBe("whsec_cache_late_321");
    expect((await alertsFor(text))[0]!.resolved_at).not.toBeNull();
  });

  it("a reference to a provider that is not configured is a clear error, not an outage", async () => {
    await expect(readCachedSecret(parseSecretReference("aws:hookwarden/default#signing_secret"))).rejects.toThrow(/the aws secret provider is not configured: set HOOKWARDEN_AWS_REGION/);
  });
});
