import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVaultFake, type VaultFake } from "./fakes/start-vault-fake";
import { parseSecretReference } from "./secret-reference";
import { vaultProvider } from "./vault-provider";

let vault: VaultFake;
beforeAll(async () => {
  vault = await startVaultFake();
});
afterAll(() => vault.close());

const read = (text: string, token = vault.token, namespace?: string) => {
  const reference = parseSecretReference(text);
  if (reference.provider !== "vault") throw new Error("not a vault reference");
  return vaultProvider({ address: vault.url, token, namespace, timeoutMs: 1_000 }).read(reference);
};

describe("the Vault provider (KV v2) against a local Vault fake", () => {
  it("reads the named field of the latest version, or of the version the reference names", async () => {
    vault.put("secret/hookwarden/read", { signing_secret: "whsec_first_version_value", other: "x" });
    vault.put("secret/hookwarden/read", { signing_secret: "whsec_second_version_value", other: "y" });
    expect(await read("vault:secret/hookwarden/read#signing_secret")).toBe("whsec_second_version_value");
    expect(await read("vault:secret/hookwarden/read?version=1#signing_secret")).toBe("whsec_first_version_value");
    expect(await read("vault:secret/hookwarden/read#other")).toBe("y");
  });

  it("says which field is missing and which fields exist, never their values", async () => {
    vault.put("secret/hookwarden/fields", { api_key: "rk_test_never_shown" });
    const failure = read("vault:secret/hookwarden/fields#signing_secret");
    await expect(failure).rejects.toThrow(/has no field "signing_secret" \(it has: api_key\)/);
    await expect(failure).rejects.not.toThrow(/rk_test_never_shown/);
  });

  it("a wrong token is refused (403), an unknown path or version is not found (404), an unknown mount too", async () => {
    vault.put("secret/hookwarden/known", { signing_secret: "whsec_known_value_123" });
    await expect(read("vault:secret/hookwarden/known#signing_secret", "hvs.wrong")).rejects.toThrow(/Vault refused the token .*permission denied/);
    await expect(read("vault:secret/hookwarden/unknown#signing_secret")).rejects.toThrow(/Vault has no secret at vault:secret\/hookwarden\/unknown#signing_secret/);
    await expect(read("vault:secret/hookwarden/known?version=7#signing_secret")).rejects.toThrow(/no secret .* of that version/);
    await expect(read("vault:other/hookwarden/known#signing_secret")).rejects.toThrow(/no handler for route/);
  });

  it("a sealed or unreachable Vault is an outage, reported as such", async () => {
    vault.put("secret/hookwarden/outage", { signing_secret: "whsec_outage_value_123" });
    vault.down("sealed");
    await expect(read("vault:secret/hookwarden/outage#signing_secret")).rejects.toThrow(/Vault answered 503 .*Vault is sealed/);
    vault.down("unreachable");
    await expect(read("vault:secret/hookwarden/outage#signing_secret")).rejects.toThrow(/Vault at http:\/\/127\.0\.0\.1:\d+ cannot be reached/);
    vault.up();
    expect(await read("vault:secret/hookwarden/outage#signing_secret")).toBe("whsec_outage_value_123");
  });

  it("sends X-Vault-Namespace when one is configured", async () => {
    const enterprise = await startVaultFake({ namespace: "payments/" });
    try {
      enterprise.put("secret/hookwarden/ns", { signing_secret: "whsec_namespaced_123" });
      const reference = parseSecretReference("vault:secret/hookwarden/ns#signing_secret");
      if (reference.provider !== "vault") throw new Error("not a vault reference");
      expect(await vaultProvider({ address: enterprise.url, token: enterprise.token, namespace: "payments/" }).read(reference)).toBe("whsec_namespaced_123");
      await expect(vaultProvider({ address: enterprise.url, token: enterprise.token, namespace: undefined }).read(reference)).rejects.toThrow(/no handler for route/);
    } finally {
      await enterprise.close();
    }
  });
});
