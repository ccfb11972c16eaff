import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import pg from "pg";
import { migrationStatus } from "./migration-status";
import { PROJECT_ROOT } from "./project-root";

async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await migrationStatus(client)).pending;
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
  const pending = await pendingMigrations(databaseUrl);
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
