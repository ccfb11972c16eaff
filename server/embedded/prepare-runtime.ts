import { parseEnv, type Env } from "../env";
import { applyMigrations } from "./apply-migrations";
import { ensureLocalDatabase, ensureLocalEncryptionKey } from "./ensure-database";

export type Runtime = {
  env: Env;
  /** True when DATABASE_URL was not given and the embedded PostgreSQL is used. */
  embedded: boolean;
  /** Stops PostgreSQL if this process started it; otherwise does nothing. */
  stop: () => Promise<void>;
};

/**
 * What the server and the CLI do first: with no DATABASE_URL, find or start the
 * embedded PostgreSQL and use the data folder's encryption key; then validate the
 * whole configuration and apply pending migrations. Sets process.env for the rest
 * of the process (and for Next.js, which reads the same variables).
 */
export async function prepareRuntime(options: { quiet?: boolean } = {}): Promise<Runtime> {
  let stop = async () => undefined as void;
  const embedded = !process.env.DATABASE_URL;
  if (embedded) {
    const local = await ensureLocalDatabase(options);
    process.env.DATABASE_URL = local.url;
    process.env.HOOKWARDEN_ENCRYPTION_KEY ||= ensureLocalEncryptionKey();
    stop = local.stop;
  }
  try {
    const config = parseEnv(process.env);
    await applyMigrations(config.DATABASE_URL);
    return { env: config, embedded, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
