// Prisma CLI configuration.
//
// The CLI runs migrations with a native schema engine that it downloads on first use. Where
// that download is impossible (offline machines), it runs scripts/prisma-schema-engine.mjs
// instead, a stand-in built on Prisma's WebAssembly schema engine. A downloaded native
// engine, or a PRISMA_SCHEMA_ENGINE_BINARY set by the caller, takes precedence.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";

const projectDir = path.dirname(fileURLToPath(import.meta.url));

// Where the CLI looks for a downloaded `schema-engine-<platform>` binary (the download itself
// goes to the first one, the @prisma/engines package).
const NATIVE_ENGINE_DIRS = [
  "node_modules/@prisma/engines",
  "node_modules/prisma",
  "node_modules",
  "node_modules/prisma/runtime",
];

function hasNativeSchemaEngine(): boolean {
  return NATIVE_ENGINE_DIRS.some((dir) => {
    const fullPath = path.join(projectDir, dir);
    return existsSync(fullPath) && readdirSync(fullPath).some((name) => name.startsWith("schema-engine-"));
  });
}

if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && !hasNativeSchemaEngine()) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(projectDir, "scripts/prisma-schema-engine.mjs");
}

// `prisma generate` never connects: without DATABASE_URL it still needs some URL.
const PLACEHOLDER_DATABASE_URL = "postgresql://localhost:5432/hookwarden";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL || PLACEHOLDER_DATABASE_URL },
});
