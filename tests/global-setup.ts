import type { TestProject } from "vitest/node";
import { applyMigrations } from "../server/embedded/apply-migrations";
import { startTestPostgres, type TestPostgres } from "./support/start-postgres";

let postgres: TestPostgres | undefined;

/** One real PostgreSQL for the whole Vitest run, migrated like production. */
export async function setup(project: TestProject): Promise<void> {
  postgres = await startTestPostgres();
  await applyMigrations(postgres.url);
  project.provide("databaseUrl", postgres.url);
}

export async function teardown(): Promise<void> {
  await postgres?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
