import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { AppError } from "../errors";
import type { SecretProvider } from "./secret-provider";
import { formatSecretReference, type SecretReference } from "./secret-reference";

type AwsReference = Extract<SecretReference, { provider: "aws" }>;
export type AwsSettings = { region: string; endpoint: string | undefined };

const clients = new Map<string, SecretsManagerClient>();

/**
 * One client per region and endpoint: the SDK's client keeps its connections and credentials.
 * The SDK is loaded on first use, so processes that never read AWS (most) never load it.
 */
async function clientFor(settings: AwsSettings): Promise<SecretsManagerClient> {
  const key = `${settings.region}|${settings.endpoint ?? ""}`;
  let client = clients.get(key);
  if (!client) {
    const { SecretsManagerClient } = await import("@aws-sdk/client-secrets-manager");
    client = new SecretsManagerClient({
      region: settings.region,
      endpoint: settings.endpoint,
      // A provider outage must be noticed in seconds, not after the SDK's default three attempts and long timeouts.
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 },
    });
    clients.set(key, client);
  }
  return client;
}

const DENIED = new Set(["AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException", "IncompleteSignature", "CredentialsProviderError", "DecryptionFailure"]);

/**
 * AWS Secrets Manager through the official SDK (`GetSecretValue`), with the SDK's default
 * credential chain (environment, shared config, SSO, web identity, ECS/EC2 roles). The
 * secret's SecretString is the value, or, with a #field, that field of it read as JSON.
 */
export function awsProvider(settings: AwsSettings): SecretProvider<AwsReference> {
  return {
    name: "aws",
    read: async (reference) => {
      const where = formatSecretReference(reference);
      let secretString: string | undefined;
      try {
        const { GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
        secretString = (await (await clientFor(settings)).send(new GetSecretValueCommand({ SecretId: reference.secretId }))).SecretString;
      } catch (error) {
        const name = error instanceof Error ? error.name : "Error";
        const message = error instanceof Error ? error.message : String(error);
        if (name === "ResourceNotFoundException") throw new AppError("secret_unavailable", `AWS Secrets Manager (${settings.region}) has no secret ${reference.secretId}`);
        if (DENIED.has(name)) throw new AppError("secret_unavailable", `AWS Secrets Manager refused to read ${where}: ${name}: ${message}`);
        throw new AppError("secret_unavailable", `AWS Secrets Manager (${settings.region}) cannot be reached for ${where}: ${name}: ${message}`);
      }
      if (secretString === undefined) throw new AppError("secret_unavailable", `the AWS secret ${reference.secretId} holds no SecretString (binary secrets are not read)`);
      if (reference.field === undefined) {
        if (secretString.trim() === "") throw new AppError("secret_unavailable", `the AWS secret ${reference.secretId} is empty`);
        return secretString.trim();
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(secretString);
      } catch {
        throw new AppError("secret_unavailable", `the AWS secret ${reference.secretId} is not JSON, so it has no field "${reference.field}" (leave out #${reference.field} to use the whole value)`);
      }
      const value = parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>)[reference.field] : undefined;
      if (typeof value !== "string" || value.trim() === "") throw new AppError("secret_unavailable", `the AWS secret ${reference.secretId} has no non-empty string field "${reference.field}"`);
      return value.trim();
    },
  };
}
