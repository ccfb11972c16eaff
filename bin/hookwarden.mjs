#!/usr/bin/env node
// The `hookwarden` command line. Runs the TypeScript sources through tsx, so it
// works in a checkout with no build step: `npx hookwarden --help`.
import { register } from "tsx/esm/api";
import { ensurePrismaClient } from "../scripts/ensure-prisma-client.mjs";

ensurePrismaClient();
register();
await import("../cli/main.ts");
