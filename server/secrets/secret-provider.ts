/**
 * Every secret Hookwarden holds is read through one interface. A secret's source is either a
 * ciphertext in Hookwarden's own database (the default) or a reference to an external
 * provider (secret-reference.ts). External providers are read through the cache
 * (read-cached-secret.ts): briefly cached, refreshed, and kept at their last good value
 * while the provider cannot be reached.
 */
import type { SecretReference } from "./secret-reference";

export type DatabaseSecret = { provider: "database"; ciphertext: Uint8Array };
export type SecretSource = DatabaseSecret | SecretReference;

export type SecretProvider<Source extends SecretSource = SecretSource> = {
  readonly name: Source["provider"];
  /**
   * The secret's current value. Throws an AppError (`secret_unavailable`) that says what went
   * wrong (unreachable, denied, not found, no such field) and never contains the value.
   */
  read(source: Source): Promise<string>;
};
