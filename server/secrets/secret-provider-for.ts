import { awsSecretsConfig, env, vaultConfig, type Env } from "../env";
import { AppError } from "../errors";
import { awsProvider } from "./aws-provider";
import { databaseProvider } from "./database-provider";
import { envProvider } from "./env-provider";
import type { SecretProvider, SecretSource } from "./secret-provider";
import { vaultProvider } from "./vault-provider";

/**
 * The provider that reads a source, built from the configuration. A reference to a provider
 * that is not configured is an invalid_request AppError naming the settings it needs.
 */
export function secretProviderFor<Source extends SecretSource>(source: Source, config: Env = env()): SecretProvider<Source> {
  switch (source.provider) {
    case "database":
      return databaseProvider as SecretProvider<Source>;
    case "env":
      return envProvider() as SecretProvider<Source>;
    case "vault": {
      const vault = vaultConfig(config);
      if (!vault) throw new AppError("invalid_request", "the vault secret provider is not configured: set HOOKWARDEN_VAULT_ADDR and HOOKWARDEN_VAULT_TOKEN (and HOOKWARDEN_VAULT_NAMESPACE on Vault Enterprise or HCP)");
      return vaultProvider(vault) as SecretProvider<Source>;
    }
    case "aws": {
      const aws = awsSecretsConfig(config);
      if (!aws) throw new AppError("invalid_request", "the aws secret provider is not configured: set HOOKWARDEN_AWS_REGION (or AWS_REGION), and give the AWS SDK credentials (its default chain)");
      return awsProvider(aws) as SecretProvider<Source>;
    }
  }
}
