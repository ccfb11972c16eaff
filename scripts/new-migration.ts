// `npm run db:new-migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/ from the
// difference between the migrations so far and prisma/schema.prisma, using a throwaway
// embedded PostgreSQL (so no database has to be configured to author a migration).
import { spawnSync } from "node:child_process";
import { startTestPostgres } from "../tests/support/start-postgres";
import { applyMigrations } from "../server/embedded/apply-migrations";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:new-migration -- <name in snake_case>");
  process.exit(2);
}
const postgres = await startTestPostgres("hookwarden_migration");
try {
  await applyMigrations(postgres.url);
  const result = spawnSync("npx", ["prisma", "migrate", "dev", "--create-only", "--name", name], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: postgres.url },
  });
  process.exitCode = result.status ?? 1;
} finally {
  await postgres.stop();
}
