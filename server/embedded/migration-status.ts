import { readdirSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "./project-root";

/** The migrations this build ships, one folder each (`prisma migrate deploy` applies them in name order). */
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma", "migrations");

export type MigrationStatus = {
  /** How many migrations this build ships. */
  shipped: number;
  /** Shipped migrations the database has not applied, in order. */
  pending: string[];
  /** Shipped migrations whose last attempt neither finished nor was rolled back: failed, or being applied right now. */
  unfinished: string[];
};

/** A pg.Client or pg.Pool. */
type Queryable = { query<Row>(text: string): Promise<{ rows: Row[] }> };

const UNDEFINED_TABLE = "42P01";

/**
 * Compares the migration folders shipped in `dir` with Prisma's `_prisma_migrations` table, in one
 * round trip. Migrations the database knows but this build does not (a newer build migrated it)
 * are not a problem: the schema only grows forward.
 */
export async function migrationStatus(db: Queryable, dir = MIGRATIONS_DIR): Promise<MigrationStatus> {
  // Not traced into the Next.js bundle's files (that would pull in the whole project): the image copies prisma/ itself.
  const shipped = readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  let rows: { name: string; applied: boolean; unfinished: boolean }[] = [];
  try {
    ({ rows } = await db.query<{ name: string; applied: boolean; unfinished: boolean }>(
      `SELECT migration_name AS name,
              finished_at IS NOT NULL AND rolled_back_at IS NULL AS applied,
              finished_at IS NULL AND rolled_back_at IS NULL AS unfinished
         FROM _prisma_migrations`,
    ));
  } catch (error) {
    // A database no migration ever ran on has no table yet.
    if ((error as { code?: string }).code !== UNDEFINED_TABLE) throw error;
  }
  const applied = new Set(rows.filter((row) => row.applied).map((row) => row.name));
  const unfinished = new Set(rows.filter((row) => row.unfinished && !applied.has(row.name)).map((row) => row.name));
  return {
    shipped: shipped.length,
    pending: shipped.filter((name) => !applied.has(name)),
    unfinished: shipped.filter((name) => unfinished.has(name)),
  };
}
