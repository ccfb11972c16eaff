import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { PROJECT_ROOT } from "./ensure-database";

const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma", "migrations");

function migrationNames(): string[] {
  return readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function appliedMigrations(databaseUrl: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const exists = await client.query(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`);
    if (!exists.rows[0]?.present) return new Set();
    const rows = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    return new Set(rows.rows.map((row) => row.migration_name));
  } finally {
    await client.end();
  }
}

/**
 * Brings the database schema up to date with `prisma migrate deploy` (through
 * Prisma's WebAssembly schema engine when no native engine could be downloaded,
 * see prisma.config.ts). Skips the CLI entirely when nothing is pending.
 */
export async function applyMigrations(databaseUrl: string): Promise<{ applied: number }> {
  const applied = await appliedMigrations(databaseUrl);
  const pending = migrationNames().filter((name) => !applied.has(name));
  if (pending.length === 0) return { applied: 0 };
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  const output: Buffer[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, "migrate", "deploy"], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) {
    throw new Error(`prisma migrate deploy failed (exit ${code}):\n${Buffer.concat(output).toString("utf8")}`);
  }
  return { applied: pending.length };
}
