import { AppError } from "../errors";
import type { SecretProvider } from "./secret-provider";
import type { SecretReference } from "./secret-reference";

type EnvReference = Extract<SecretReference, { provider: "env" }>;

/**
 * Read-only: a secret in one of this process's environment variables, named by the reference.
 * Hookwarden never writes it; changing it takes a restart.
 */
export function envProvider(environment: Record<string, string | undefined> = process.env): SecretProvider<EnvReference> {
  return {
    name: "env",
    read: async ({ variable }) => {
      const value = environment[variable]?.trim();
      if (!value) throw new AppError("secret_unavailable", `the environment variable ${variable} is not set (or is empty) in this process`);
      return value;
    },
  };
}
