import { afterAll } from "vitest";
import { reloadEnv } from "@/server/env";
import { startAwsSecretsFake, type AwsSecretsFake } from "@/server/secrets/fakes/start-aws-secrets-fake";
import { startVaultFake, type VaultFake } from "@/server/secrets/fakes/start-vault-fake";

/** Sets variables for this test file, puts back what was there after it, and reloads the configuration both times. */
function setVariablesForThisFile(variables: Record<string, string>): void {
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  reloadEnv();
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    reloadEnv();
  });
}

/** A local Vault (KV v2) for this test file, configured as Hookwarden's Vault provider, with a 1-second secret cache. */
export async function useVaultFake(): Promise<VaultFake> {
  const vault = await startVaultFake();
  setVariablesForThisFile({ HOOKWARDEN_VAULT_ADDR: vault.url, HOOKWARDEN_VAULT_TOKEN: vault.token, HOOKWARDEN_SECRET_CACHE_SECONDS: "1" });
  afterAll(() => vault.close());
  return vault;
}

/** A local AWS Secrets Manager for this test file, configured as Hookwarden's AWS provider; the SDK finds its credentials in the environment. */
export async function useAwsSecretsFake(): Promise<AwsSecretsFake> {
  const aws = await startAwsSecretsFake();
  setVariablesForThisFile({
    HOOKWARDEN_AWS_REGION: aws.region,
    HOOKWARDEN_AWS_SECRETS_ENDPOINT: aws.url,
    AWS_ACCESS_KEY_ID: aws.accessKeyId,
    AWS_SECRET_ACCESS_KEY: aws.secretAccessKey,
    HOOKWARDEN_SECRET_CACHE_SECONDS: "1",
  });
  afterAll(() => aws.close());
  return aws;
}
