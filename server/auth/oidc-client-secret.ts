import { env, type Env } from "../env";
import { peekCachedSecret, readCachedSecret } from "../secrets/read-cached-secret";
import { looksLikeSecretReference, parseSecretReference } from "../secrets/secret-reference";

/**
 * The OIDC client secret. HOOKWARDEN_OIDC_CLIENT_SECRET holds it, or a reference to where it
 * lives (`vault:...`, `aws:...`, `env:...`), read at start and then through the secret cache:
 * refreshed after HOOKWARDEN_SECRET_CACHE_SECONDS, the last good value kept (and an alert
 * opened) while the provider cannot be reached. Null while a referenced secret has never been
 * read: SSO is unavailable until it is; password sign-in is not affected.
 *
 * `{ fromMemory: true }` answers at once with what was last read, without asking the provider
 * (next-auth's options are built synchronously); start-up and the sign-in route ask first.
 */
export function oidcClientSecret(options: { fromMemory: true }, config?: Env): string | null;
export function oidcClientSecret(options?: { fromMemory?: false }, config?: Env): Promise<string | null>;
export function oidcClientSecret(options: { fromMemory?: boolean } = {}, config: Env = env()): string | null | Promise<string | null> {
  const configured = config.HOOKWARDEN_OIDC_CLIENT_SECRET ?? null;
  if (configured === null || !looksLikeSecretReference(configured)) return options.fromMemory ? configured : Promise.resolve(configured);
  const reference = parseSecretReference(configured);
  return options.fromMemory ? peekCachedSecret(reference) : readCachedSecret(reference);
}
