import type { SecretSource } from "./secret-provider";
import { secretProviderFor } from "./secret-provider-for";

/**
 * Reads a secret from its provider now, uncached: for adding a secret (which must be readable
 * before anything is stored) and for tests. Intake, processing and sign-in read external
 * secrets through readCachedSecret instead.
 */
export async function readSecret(source: SecretSource): Promise<string> {
  return secretProviderFor(source).read(source);
}
