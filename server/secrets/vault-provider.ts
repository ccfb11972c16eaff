import { AppError } from "../errors";
import type { SecretProvider } from "./secret-provider";
import { formatSecretReference, type SecretReference } from "./secret-reference";

type VaultReference = Extract<SecretReference, { provider: "vault" }>;
export type VaultSettings = { address: string; token: string; namespace: string | undefined; timeoutMs?: number };

/** A read that takes longer than this is a provider that cannot be reached. */
const TIMEOUT_MS = 5_000;

type KvV2Answer = { data?: { data?: Record<string, unknown> | null; metadata?: { version?: number } | null } | null; errors?: unknown };

/**
 * HashiCorp Vault's KV secrets engine, version 2, over its HTTP API:
 * `GET {address}/v1/{mount}/data/{path}[?version=n]` with `X-Vault-Token` (and
 * `X-Vault-Namespace` on Vault Enterprise / HCP). The reference's #field names the value
 * inside the secret's data. Vault's own error text is passed on; the value never is.
 */
export function vaultProvider(settings: VaultSettings): SecretProvider<VaultReference> {
  return {
    name: "vault",
    read: async (reference) => {
      const where = formatSecretReference(reference);
      const path = [reference.mount, "data", ...reference.path.split("/")].map(encodeURIComponent).join("/");
      const url = `${settings.address}/v1/${path}${reference.version === undefined ? "" : `?version=${reference.version}`}`;
      const headers: Record<string, string> = { "X-Vault-Token": settings.token, accept: "application/json" };
      if (settings.namespace) headers["X-Vault-Namespace"] = settings.namespace;
      let response: Response;
      try {
        response = await fetch(url, { headers, signal: AbortSignal.timeout(settings.timeoutMs ?? TIMEOUT_MS) });
      } catch (error) {
        throw new AppError("secret_unavailable", `Vault at ${settings.address} cannot be reached for ${where}: ${reasonOf(error)}`);
      }
      const answer = (await response.json().catch(() => ({}))) as KvV2Answer;
      const said = Array.isArray(answer.errors) && answer.errors.length > 0 ? ` (${answer.errors.map(String).join("; ")})` : "";
      if (response.status === 403) throw new AppError("secret_unavailable", `Vault refused the token for ${where}: permission denied${said}`);
      if (response.status === 404) throw new AppError("secret_unavailable", `Vault has no secret at ${where}${reference.version === undefined ? "" : " of that version"} (or it was deleted)${said}`);
      if (!response.ok) throw new AppError("secret_unavailable", `Vault answered ${response.status} for ${where}${said}`);
      const data = answer.data?.data;
      if (!data || typeof data !== "object") throw new AppError("secret_unavailable", `Vault's answer for ${where} holds no KV v2 data (is ${reference.mount} a KV version 2 mount?)`);
      const value = data[reference.field];
      if (value === undefined) throw new AppError("secret_unavailable", `Vault's secret ${reference.mount}/${reference.path} has no field "${reference.field}" (it has: ${Object.keys(data).join(", ") || "none"})`);
      if (typeof value !== "string" || value.trim() === "") throw new AppError("secret_unavailable", `the field "${reference.field}" of Vault's secret ${reference.mount}/${reference.path} is not a non-empty string`);
      return value.trim();
    },
  };
}

function reasonOf(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") return "no answer in time";
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  return cause?.code ?? (error instanceof Error ? error.message : String(error));
}
