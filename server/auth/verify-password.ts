import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { ARGON2_OPTIONS } from "./argon2-options";

/** A hash of a random password with the same parameters, verified when there is no real hash to check. */
const DUMMY_HASH = hash(randomBytes(32).toString("base64"), ARGON2_OPTIONS);

/**
 * Checks a password against an argon2id hash in constant time. With no hash (no such
 * user, or an SSO-only user) it verifies against a dummy hash anyway and answers
 * false, so the time taken never tells whether an account exists.
 */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  const target = passwordHash ?? (await DUMMY_HASH);
  let matches: boolean;
  try {
    matches = await verify(target, password);
  } catch {
    matches = false;
  }
  return matches && passwordHash !== null;
}
