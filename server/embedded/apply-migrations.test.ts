import pg from "pg";
import { describe, expect, it } from "vitest";
import { unmigratedDatabase } from "../../tests/support/fresh-database";
import { applyMigrations } from "./apply-migrations";
import { migrationStatus } from "./migration-status";

describe("migrations at start-up", () => {
  it("two instances starting at once on an empty database both start, and each migration is applied once", async () => {
    const url = await unmigratedDatabase("migrate_twice");
    const results = await Promise.allSettled([applyMigrations(url), applyMigrations(url)]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "fulfilled"]);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const status = await migrationStatus(client);
      expect(status.pending).toEqual([]);
      expect(status.unfinished).toEqual([]);
      const rows = await client.query<{ count: string }>(`SELECT count(*) FROM _prisma_migrations GROUP BY migration_name HAVING count(*) > 1`);
      expect(rows.rows).toEqual([]);
    } finally {
      await client.end();
    }
  }, 120_000);
});
