import { parseEnv, type Env } from "../env";
import { applyMigrations } from "./apply-migrations";
import { ensureLocalAuthSecret, ensureLocalDatabase, ensureLocalEncryptionKey } from "./ensure-database";

export type Runtime = {
  env: Env;
  /** True when DATABASE_URL was not given and the embedded PostgreSQL is used. */
  embedded: boolean;
  /** Stops PostgreSQL if this process started it; otherwise does nothing. */
  stop: () => Promise<void>;
};

/**
 * What the server and the CLI do first: with no DATABASE_URL, find or start the
 * embedded PostgreSQL and use the data folder's encryption key and session secret
 * (with DATABASE_URL, both must be given); the console's public URL defaults to
 * http://localhost:$PORT. Then validate the whole configuration and apply pending
 * migrations. Sets process.env for the rest of the process (and for Next.js and
 * next-auth, which read the same variables).
 */
export async function prepareRuntime(options: { quiet?: boolean } = {}): Promise<Runtime> {
  let stop = async () => undefined as void;
  const embedded = !process.env.DATABASE_URL;
  if (embedded) {
    const local = await ensureLocalDatabase(options);
    process.env.DATABASE_URL = local.url;
    process.env.HOOKWARDEN_ENCRYPTION_KEY ||= ensureLocalEncryptionKey();
    process.env.NEXTAUTH_SECRET ||= ensureLocalAuthSecret();
    stop = local.stop;
  }
  process.env.NEXTAUTH_URL ||= `http://localhost:${process.env.PORT || 3000}`;
  try {
    const config = parseEnv(process.env);
    await applyMigrations(config.DATABASE_URL);
    return { env: config, embedded, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
