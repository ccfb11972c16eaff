import { openAtRest } from "../crypto/keys";
import type { DatabaseSecret, SecretProvider } from "./secret-provider";

/** The default provider: a secret stored in Hookwarden's database, encrypted at rest (AES-256-GCM, the keyring). */
export const databaseProvider: SecretProvider<DatabaseSecret> = {
  name: "database",
  read: async (source) => openAtRest(source.ciphertext).toString("utf8"),
};

