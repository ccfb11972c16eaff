// Generates the Prisma client into generated/prisma when it is missing or older
// than prisma/schema.prisma, so `npm run dev` and `npx hookwarden` work straight
// after `npm install` (npm's install-script policy keeps us from a postinstall hook).
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const schema = path.join(root, "prisma", "schema.prisma");
const client = path.join(root, "generated", "prisma", "client.ts");

export function ensurePrismaClient() {
  if (existsSync(client) && statSync(client).mtimeMs >= statSync(schema).mtimeMs) return;
  const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  const result = spawnSync(process.execPath, [cli, "generate"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) {
    process.stderr.write("hookwarden: `prisma generate` failed; run `npx prisma generate` to see why.\n");
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) ensurePrismaClient();
