import { mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as ready } from "./route";
import { inFreshDatabase, useFreshDatabase } from "@/tests/support/fresh-database";
import { disconnect, isConnected, pool } from "@/server/db";
import { freePort } from "@/server/embedded/free-port";
import { MIGRATIONS_DIR } from "@/server/embedded/migration-status";
import { reloadEnv } from "@/server/env";
import { markShuttingDown, resetShutdownState } from "@/server/lifecycle/shutdown-state";
import { startEmbeddedRunner, stopEmbeddedRunner } from "@/server/queue/embedded-runner";
import { startSweeper, stopSweeper } from "@/server/queue/sweep-ledger";
import { checkReadiness, type Readiness } from "@/server/health/check-readiness";

// The embedded runner runs in this process: a database of this file's own, so it claims nothing of other files.
beforeAll(() => useFreshDatabase("readiness"));
beforeEach(() => startEmbeddedRunner());
afterEach(async () => {
  await stopEmbeddedRunner();
  resetShutdownState();
});
afterAll(() => disconnect());

async function readyAnswer(): Promise<{ status: number; body: Readiness }> {
  const response = await ready();
  return { status: response.status, body: (await response.json()) as Readiness };
}

function failing(body: Readiness): string[] {
  return Object.entries(body.checks)
    .filter(([, check]) => !check.ok)
    .map(([name]) => name);
}

/** Points this process at `url` for `work` (the pool closed on the way in and out), then back. */
async function pointedAt<T>(url: string, work: () => Promise<T>): Promise<T> {
  const previous = process.env.DATABASE_URL!;
  await stopEmbeddedRunner();
  process.env.DATABASE_URL = url;
  reloadEnv();
  await disconnect();
  try {
    return await work();
  } finally {
    process.env.DATABASE_URL = previous;
    reloadEnv();
    await disconnect();
  }
}

describe("readiness (GET /api/ready)", () => {
  it("is 200 on a migrated database with the embedded runner running, every check named and passing", async () => {
    const { status, body } = await readyAnswer();
    expect(status).toBe(200);
    expect(body.ready).toBe(true);
    expect(Object.keys(body.checks).sort()).toEqual(["database", "migrations", "shutdown", "work"]);
    expect(failing(body)).toEqual([]);
    expect(body.checks.migrations.detail).toMatch(/^all \d+ migrations applied$/);
  });

  it("is 503 when the embedded runner is not running, or has not ticked for longer than HOOKWARDEN_READY_STALE_SECONDS", async () => {
    const later = new Date(Date.now() + 121_000);
    const stale = await checkReadiness({ now: later });
    expect(stale.ready).toBe(false);
    expect(failing(stale)).toEqual(["work"]);
    expect(stale.checks.work.detail).toMatch(/^the embedded runner has not ticked for 12\d s \(limit 120 s\)$/);

    await stopEmbeddedRunner();
    const { status, body } = await readyAnswer();
    expect(status).toBe(503);
    expect(failing(body)).toEqual(["work"]);
    expect(body.checks.work.detail).toBe("the embedded runner is not running in this process");
  });

  it("is 503 on a database no migration ever ran on, while the database itself answers", async () => {
    const { status, body } = await inFreshDatabase(
      "readiness_unmigrated",
      async () => {
        startEmbeddedRunner();
        try {
          return await readyAnswer();
        } finally {
          await stopEmbeddedRunner();
        }
      },
      { migrated: false },
    );
    expect(status).toBe(503);
    expect(failing(body)).toEqual(["migrations"]);
    const shipped = readdirSync(MIGRATIONS_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory()).length;
    expect(body.checks.migrations.detail).toBe(`${shipped} of ${shipped} migrations not applied`);
  });

  it("is not ready when the build ships a migration the database has not applied", async () => {
    const shipped = mkdtempSync(path.join(tmpdir(), "hookwarden-migrations-"));
    for (const entry of readdirSync(MIGRATIONS_DIR, { withFileTypes: true })) if (entry.isDirectory()) mkdirSync(path.join(shipped, entry.name));
    mkdirSync(path.join(shipped, "29991231000000_from_a_newer_build"));
    const readiness = await checkReadiness({ migrationsDir: shipped });
    expect(readiness.ready).toBe(false);
    expect(failing(readiness)).toEqual(["migrations"]);
    expect(readiness.checks.migrations.detail).toMatch(/^1 of \d+ migrations not applied$/);
  });

  it("is 503 when a migration failed (or is being applied by another instance)", async () => {
    const { status, body } = await inFreshDatabase("readiness_failed_migration", async () => {
      await pool().query(`UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)`);
      startEmbeddedRunner();
      try {
        return await readyAnswer();
      } finally {
        await stopEmbeddedRunner();
      }
    });
    expect(status).toBe(503);
    expect(failing(body)).toEqual(["migrations"]);
    expect(body.checks.migrations.detail).toBe("1 migration(s) failed or are being applied right now");
  });

  it("is 503 when the database cannot be reached, saying so without its address or user; liveness stays 200", async () => {
    const port = await freePort();
    const { readiness, liveness } = await pointedAt(`postgresql://ready_probe_user:ready_probe_pw@127.0.0.1:${port}/ready_probe_db`, async () => {
      startEmbeddedRunner();
      try {
        const readiness = await readyAnswer();
        const response = await health();
        return { readiness, liveness: { status: response.status, text: await response.text() } };
      } finally {
        await stopEmbeddedRunner();
      }
    });
    expect(readiness.status).toBe(503);
    expect(failing(readiness.body)).toEqual(["database", "migrations"]);
    expect(readiness.body.checks.database.detail).toBe("the database cannot be reached");
    for (const text of [JSON.stringify(readiness.body), liveness.text]) {
      expect(text).not.toMatch(/ready_probe|127\.0\.0\.1|ECONNREFUSED/);
      expect(text).not.toContain(String(port));
    }
    expect(liveness.status).toBe(200);
    expect(JSON.parse(liveness.text)).toEqual({ ok: true, ledger: "down", queue: "embedded" });
  });

  it("is 503 at once when shutting down, without touching the database", async () => {
    await stopEmbeddedRunner();
    await disconnect();
    markShuttingDown();
    const { status, body } = await readyAnswer();
    expect(status).toBe(503);
    expect(body.checks.shutdown).toEqual({ ok: false, detail: "this instance is shutting down" });
    expect(isConnected()).toBe(false);
  });

  it("in Inngest mode watches the sweeper instead of the embedded runner", async () => {
    await stopEmbeddedRunner();
    process.env.INNGEST_EVENT_KEY = "test-event-key";
    reloadEnv();
    try {
      expect((await checkReadiness()).checks.work).toEqual({ ok: false, detail: "the sweeper is not running in this process" });
      startSweeper();
      const running = await readyAnswer();
      expect(running.status).toBe(200);
      expect(running.body.checks.work.detail).toMatch(/^the sweeper ticked \d+ s ago$/);
      // The sweeper beats once per interval (15 s): it is stale only after twice that, or HOOKWARDEN_READY_STALE_SECONDS if longer.
      expect((await checkReadiness({ now: new Date(Date.now() + 110_000) })).checks.work.ok).toBe(true);
      expect((await checkReadiness({ now: new Date(Date.now() + 125_000) })).checks.work.ok).toBe(false);
      await stopSweeper();
      expect((await readyAnswer()).status).toBe(503);
    } finally {
      await stopSweeper();
      delete process.env.INNGEST_EVENT_KEY;
      reloadEnv();
    }
  });

  it("in a HOOKWARDEN_ROLE=web process (workers process its events) watches the sweeper too", async () => {
    await stopEmbeddedRunner();
    process.env.HOOKWARDEN_ROLE = "web";
    reloadEnv();
    try {
      expect((await checkReadiness()).checks.work).toEqual({ ok: false, detail: "the sweeper is not running in this process" });
      startSweeper();
      expect((await readyAnswer()).status).toBe(200);
    } finally {
      await stopSweeper();
      delete process.env.HOOKWARDEN_ROLE;
      reloadEnv();
    }
  });
});

describe("liveness (GET /api/health)", () => {
  it("is 200 with the ledger up on a working database", async () => {
    const response = await health();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, ledger: "up", queue: "embedded" });
  });
});
