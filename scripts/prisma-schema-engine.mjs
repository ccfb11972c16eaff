#!/usr/bin/env node
// A stand-in for Prisma's native schema engine, for machines that cannot download it.
//
// The Prisma CLI runs migrations (`migrate dev|deploy|status|reset|diff`, `db push`) by
// spawning a native `schema-engine` binary that it downloads on first use; offline, that
// download fails. Prisma also builds the same engine as WebAssembly, and the CLI package
// ships that build (prisma/build/schema_engine_bg.wasm). This script behaves like the
// native binary, so that prisma.config.ts can name it in PRISMA_SCHEMA_ENGINE_BINARY:
//
//   schema-engine --version                      prints the engine version
//   schema-engine --datasource J cli COMMAND     can-connect-to-database | create-database
//   schema-engine --datamodels F --datasource J  JSON-RPC 2.0 over stdio, one JSON per line
//
// Each JSON-RPC call is delegated to the WebAssembly engine, which reaches PostgreSQL through
// @prisma/adapter-pg. Its JavaScript bindings come from @prisma/schema-engine-wasm (the CLI
// package ships the .wasm file but not its bindings).
//
// Failures are reported the way the CLI expects them from the native engine: a `cli` command
// logs a JSON error line to stderr and exits 1; a JSON-RPC call, even one that crashed the
// engine, is answered with a JSON-RPC error, and the process exits non-zero (1, or 101 after
// a panic) once the CLI closes stdin.

import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils"; // comes with adapter-pg

const require = createRequire(import.meta.url);

const PG_CHAR_OID = 18; // PostgreSQL's one-byte "char" type, used by pg_catalog columns.
const PG_TEXT_OID = 25;

const patchedQueryables = new WeakSet();
const wholeScriptQueryables = new WeakSet();

/** Shadow databases not dropped yet, by name, each with the function that drops it. */
const openShadowDatabases = new Map();

/** The engine's error when a method needs a migrations schema that it has not cached. */
const NEEDS_CACHED_MIGRATIONS_SCHEMA = /shadow DB must be provided through an external factory/;

const RPC_ERROR_CODE = 4466; // What the native engine answers for every failed call.
const EXIT_ERROR = 1;
const EXIT_PANIC = 101;

/** JSON-RPC methods the CLI may call, and the WebAssembly engine's name for each. */
const ENGINE_METHODS = {
  applyMigrations: "applyMigrations",
  createMigration: "createMigration",
  dbExecute: "dbExecute",
  debugPanic: "debugPanic",
  devDiagnostic: "devDiagnostic",
  diagnoseMigrationHistory: "diagnoseMigrationHistory",
  diff: "diff",
  ensureConnectionValidity: "ensureConnectionValidity",
  evaluateDataLoss: "evaluateDataLoss",
  getDatabaseVersion: "version",
  introspect: "introspect",
  introspectSql: "introspectSql",
  markMigrationApplied: "markMigrationApplied",
  markMigrationRolledBack: "markMigrationRolledBack",
  reset: "reset",
  schemaPush: "schemaPush",
};

main(parseArgs(process.argv.slice(2))).catch(exitWithError);

async function main(args) {
  if (!args.version && !args.cliCommand) return serveJsonRpc(args);

  onUncaughtError(exitWithError);
  if (args.version) {
    const { version } = await loadWasmBindings();
    process.stdout.write(`schema-engine-cli ${version()}\n`);
  } else {
    await runCliCommand(args.cliCommand, args.datasource);
  }
}

// --- Command line ---------------------------------------------------------------------------

/** Reads the arguments the CLI passes to the native engine. Unknown flags are ignored. */
function parseArgs(argv) {
  const args = { version: false, datamodels: [], datasource: {}, cliCommand: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--version" || arg === "-V") args.version = true;
    else if (arg === "--datamodels" || arg === "-d") args.datamodels.push(argv[++i]);
    else if (arg === "--datasource") args.datasource = JSON.parse(argv[++i]);
    else if (arg === "cli") args.cliCommand = argv[++i];
    else if (arg.startsWith("--")) i++; // --enabled-preview-features, --extension-types
  }
  return args;
}

/** `schema-engine cli COMMAND`: answered with node-postgres alone, without the engine. */
async function runCliCommand(command, datasource) {
  // The CLI skips the first stderr line of a `cli` run, as the native engine's is a banner.
  log("INFO", { message: "Starting schema engine CLI (WebAssembly shim)" }, "schema_engine");
  const { pool } = connectionOptions(datasource.url);

  if (command === "can-connect-to-database") {
    await runStatement(pool, "SELECT 1");
    log("INFO", { message: "Connection successful" }, "schema_engine");
  } else if (command === "create-database") {
    // Connect to the server's maintenance database: the target does not exist yet.
    await runStatement({ ...pool, database: "postgres" }, `CREATE DATABASE ${quoteIdentifier(pool.database)}`);
    log("INFO", { message: `Database '${pool.database}' was successfully created.` }, "schema_engine");
  } else {
    throw new Error(`Unsupported schema engine command: cli ${command}`);
  }
}

// --- JSON-RPC server ------------------------------------------------------------------------

/**
 * Answers the CLI's JSON-RPC requests, one at a time (the engine is not reentrant), until
 * the CLI closes stdin.
 *
 * Every failure, a crash included, is answered as a JSON-RPC error, and the process exits
 * only once stdin is closed: the CLI stops the engine by closing stdin and waiting for it to
 * exit, and an engine that has already exited makes the CLI end silently with status 0.
 */
function serveJsonRpc({ datamodels, datasource }) {
  const toCli = createCliClient();
  let callEngine = null;
  let crash = null; // Once set, the engine is unusable: a panic traps the WebAssembly instance.
  let failCurrentRequest = () => {};
  let queue = Promise.resolve();

  const onCrash = async (error) => {
    crash ??= error;
    await dropOpenShadowDatabases();
    failCurrentRequest(crash);
  };
  // A panic inside an engine callback surfaces here rather than from the engine call.
  onUncaughtError(onCrash);

  const handle = async (request) => {
    if (crash) throw crash;
    callEngine ??= await startEngine(datamodels, datasource);
    return answer(request, callEngine, toCli);
  };

  const respondTo = (request) =>
    new Promise((done) => {
      let replied = false;
      const reply = (outcome) => {
        if (replied) return;
        replied = true;
        toCli.respond(request.id, outcome);
        done();
      };
      failCurrentRequest = (error) => reply({ error: toRpcError(error) });
      handle(request).then(
        (result) => reply({ result }),
        (error) => (error instanceof WebAssembly.RuntimeError ? onCrash(error) : failCurrentRequest(error)),
      );
    });

  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    const message = JSON.parse(line);
    if (message.method === undefined) toCli.receiveResponse(message);
    else queue = queue.then(() => respondTo(message));
  });
  lines.on("close", () => queue.then(() => process.exit(crash ? exitCodeFor(crash) : 0)));
}

/** Calls the engine method behind one JSON-RPC request and returns its result. */
async function answer({ method, params }, callEngine, toCli) {
  const engineMethod = ENGINE_METHODS[method];
  if (!engineMethod) throw new Error(`The WebAssembly schema engine has no \`${method}\` method.`);
  const result = await callEngine(engineMethod, params).catch(async (error) => {
    if (!NEEDS_CACHED_MIGRATIONS_SCHEMA.test(error.message)) throw error;
    await cacheMigrationsSchema(params, callEngine);
    return callEngine(engineMethod, params);
  });
  if (method === "diff" && result.stdout) {
    // The native engine prints a diff through the CLI (whose --output can capture it).
    await toCli.request("print", { content: result.stdout.replace(/\n$/, "") });
    return { ...result, stdout: null };
  }
  return result ?? {};
}

/**
 * The engine's evaluateDataLoss and createMigration need the schema that the migrations
 * produce, but cannot build it themselves in a shadow database: they read it from a cache
 * that diagnoseMigrationHistory fills. `migrate dev` applies pending migrations between the
 * two, so that cache misses the new migrations: fill it for the current ones.
 */
function cacheMigrationsSchema({ migrationsList, filters }, callEngine) {
  return callEngine("diagnoseMigrationHistory", { migrationsList, filters, optInToShadowDatabase: true });
}

/** The two directions of JSON-RPC with the CLI: responses to it, and requests to it. */
function createCliClient() {
  const pending = new Map();
  let nextId = 1;
  const send = (message) => process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
  return {
    respond: (id, outcome) => send({ id, ...outcome }),
    request: (method, params) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        send({ id, method, params });
      }),
    receiveResponse: (message) => {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    },
  };
}

/** The JSON-RPC error object the CLI expects from the native engine. */
function toRpcError(error) {
  return {
    code: RPC_ERROR_CODE,
    message: "An error happened. Check the data field for details.",
    data: { is_panic: false, message: describeError(error), error_code: prismaErrorCode(error), meta: {} },
  };
}

// --- WebAssembly engine ---------------------------------------------------------------------

/**
 * Instantiates the WebAssembly schema engine, connected to the datasource's database, and
 * returns a function that calls one of its methods.
 */
async function startEngine(datamodelPaths, datasource) {
  const { SchemaEngine } = await loadWasmBindings();

  const { pool, adapterOptions } = connectionOptions(datasource.url);
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(
    new ShadowSafePrismaPg(pool, adapterOptions, datasource.shadowDatabaseUrl),
  );
  const withAdapterErrors = (error) => explainAdapterErrors(error, adapterFactory.errorRegistry);

  const datamodels = datamodelPaths.map((file) => [file, readFileSync(file, "utf8")]);
  const options = { datamodels: datamodels.length > 0 ? datamodels : undefined };
  const engine = await SchemaEngine.new(options, forwardEngineLog, adapterFactory).catch((error) => {
    throw withAdapterErrors(error);
  });
  return async (method, params) => {
    try {
      return await engine[method](params);
    } catch (error) {
      throw withAdapterErrors(error);
    }
  };
}

/**
 * Loads the engine built by wasm-bindgen: the .wasm file shipped by the CLI package (so the
 * engine matches the CLI's version), with the bindings of @prisma/schema-engine-wasm.
 */
async function loadWasmBindings() {
  let bindings;
  try {
    bindings = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  } catch (error) {
    if (error.code !== "ERR_MODULE_NOT_FOUND") throw error;
    throw new Error(
      "scripts/prisma-schema-engine.mjs needs the package @prisma/schema-engine-wasm (the JavaScript " +
        "bindings of Prisma's WebAssembly schema engine), which is not installed: run `npm install`.",
    );
  }
  // The engine reports the reason of a panic here before it traps.
  globalThis.PRISMA_WASM_PANIC_REGISTRY = { message: "", set_message(message) { this.message = message; } };

  const wasmFile = path.join(path.dirname(require.resolve("prisma/package.json")), "build/schema_engine_bg.wasm");
  const wasmModule = new WebAssembly.Module(readFileSync(wasmFile));
  const instance = new WebAssembly.Instance(wasmModule, { "./schema_engine_bg.js": bindings });
  bindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return bindings;
}

/** Forwards the engine's JSON log lines (INFO and above) to stderr, where the CLI reads them. */
function forwardEngineLog(line) {
  if (/"level":"(DEBUG|TRACE)"/.test(line)) return;
  process.stderr.write(line.endsWith("\n") ? line : `${line}\n`);
}

/**
 * The adapter hands errors that are not database errors (a failed CREATE DATABASE for the
 * shadow database, say) to the engine as "External error id#N", N indexing its error
 * registry: put the original message back.
 */
function explainAdapterErrors(error, errorRegistry) {
  error.message = error.message.replace(
    /External error id#(\d+)/g,
    (text, id) => errorRegistry.consumeError(Number(id))?.error?.message ?? text,
  );
  return error;
}

// --- PostgreSQL -----------------------------------------------------------------------------

/**
 * @prisma/adapter-pg, fixed for the schema engine's needs:
 * - its own shadow database tries to drop itself while its pool is still connected, which
 *   fails (and, given a connection string, it would have connected to the main database);
 * - it rejects PostgreSQL "char" columns, which introspection reads;
 * - it splits a migration script at every `;`, even inside a function body.
 */
class ShadowSafePrismaPg extends PrismaPg {
  constructor(pool, adapterOptions, shadowDatabaseUrl) {
    super(pool, adapterOptions);
    this.shadowDatabaseUrl = shadowDatabaseUrl;
  }

  async connect() {
    const adapter = await super.connect();
    supportCharColumns(adapter);
    runScriptsWhole(adapter);
    return adapter;
  }

  /** Creates a throwaway database for `migrate dev` and `migrate diff`; drops it when done. */
  async connectToShadowDb() {
    if (this.shadowDatabaseUrl) {
      throw new Error("A `shadowDatabaseUrl` is not supported by scripts/prisma-schema-engine.mjs; remove it.");
    }
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    const drop = async () => {
      openShadowDatabases.delete(database);
      await runStatement(this.config, `DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
    };
    await runStatement(this.config, `CREATE DATABASE ${quoteIdentifier(database)}`);
    openShadowDatabases.set(database, drop);

    // Its own pool, on fields rather than a connection string (see connectionOptions).
    const shadow = await new ShadowSafePrismaPg({ ...this.config, database }, this.options).connect();
    const closePool = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await closePool();
      await drop();
    };
    return shadow;
  }
}

/** Drops the shadow databases that a crashed engine will never release. */
async function dropOpenShadowDatabases() {
  await Promise.allSettled([...openShadowDatabases.values()].map((drop) => drop()));
}

/**
 * Lets the adapter return PostgreSQL "char" columns (read by the engine's introspection from
 * pg_catalog), which it rejects as an unsupported type. Every query goes through performIO:
 * there, such columns are relabelled as text, which the adapter accepts, and noted per query;
 * queryRaw then reports them as the characters the engine expects.
 * Patched on the base class that the adapter and its transactions share.
 */
function supportCharColumns(adapter) {
  const queryable = prototypeDefining(adapter, "performIO");
  if (patchedQueryables.has(queryable)) return;
  patchedQueryables.add(queryable);

  const charColumnsOf = new WeakMap(); // query -> indexes of its "char" columns
  const { performIO, queryRaw } = queryable;
  queryable.performIO = async function (query) {
    const result = await performIO.call(this, query);
    const charColumns = [];
    result.fields.forEach((field, index) => {
      if (field.dataTypeID !== PG_CHAR_OID) return;
      field.dataTypeID = PG_TEXT_OID;
      charColumns.push(index);
    });
    charColumnsOf.set(query, charColumns);
    return result;
  };
  queryable.queryRaw = async function (query) {
    const result = await queryRaw.call(this, query);
    for (const index of charColumnsOf.get(query) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
}

/**
 * Runs a migration script as the native engine does: the whole file in one simple-query
 * round trip, which PostgreSQL runs as one implicit transaction. The adapter splits scripts
 * at every `;` and runs the pieces one by one, which breaks a function body (`$$ … ; … $$`)
 * and would leave a half-applied migration behind a failing statement.
 */
function runScriptsWhole(adapter) {
  const queryable = prototypeDefining(adapter, "executeScript");
  if (wholeScriptQueryables.has(queryable)) return;
  wholeScriptQueryables.add(queryable);
  queryable.executeScript = async function (script) {
    try {
      await this.client.query(script);
    } catch (error) {
      this.onError(error);
    }
  };
}

function prototypeDefining(object, method) {
  for (let prototype = object; prototype; prototype = Object.getPrototypeOf(prototype)) {
    if (Object.hasOwn(prototype, method)) return prototype;
  }
  throw new Error(`@prisma/adapter-pg no longer has ${method}(): update scripts/prisma-schema-engine.mjs.`);
}

/**
 * Splits a Prisma PostgreSQL URL into node-postgres fields (never a connectionString, which
 * would override a different `database`) and the adapter's options.
 */
function connectionOptions(url) {
  if (!url) throw new Error("The datasource has no `url`: set one in prisma.config.ts.");
  const parsed = new URL(url);
  const param = (name) => parsed.searchParams.get(name);
  const sslMode = param("sslmode");
  const pool = {
    host: param("host") ?? (parsed.hostname.replace(/^\[(.*)\]$/, "$1") || "localhost"),
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)) || "postgres",
  };
  if (["require", "verify-ca", "verify-full"].includes(sslMode)) {
    pool.ssl = { rejectUnauthorized: sslMode !== "require" || param("sslaccept") === "strict" };
  }
  const schema = param("schema");
  return { pool, adapterOptions: schema ? { schema } : undefined };
}

/** Runs one statement on its own connection, reporting connection failures like the engine. */
async function runStatement(poolConfig, sql) {
  const client = new pg.Client(poolConfig);
  try {
    await client.connect();
  } catch (error) {
    throw connectionError(error, poolConfig);
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The native engine's error code and wording for a failed connection, where it has one. */
function connectionError(error, { host, port, user, database }) {
  const address = `${host}:${port}`;
  if (error.code === "3D000") {
    return userError("P1003", `Database \`${database}\` does not exist on the database server at \`${address}\`.`);
  }
  if (error.code === "28P01" || error.code === "28000") {
    return userError(
      "P1000",
      `Authentication failed against database server at \`${host}\`, the provided database credentials for \`${user}\` are not valid.\n\n` +
        `Please make sure to provide valid database credentials for the database server at \`${host}\`.`,
    );
  }
  if (["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ETIMEDOUT", "EAI_AGAIN"].includes(error.code)) {
    return userError(
      "P1001",
      `Can't reach database server at \`${address}\`\n\nPlease make sure your database server is running at \`${address}\`.`,
    );
  }
  return error;
}

function quoteIdentifier(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

// --- Errors and logs ------------------------------------------------------------------------

function userError(code, message) {
  return Object.assign(new Error(message), { code });
}

/** Writes one log line in the native engine's JSON format. */
function log(level, fields, target) {
  process.stderr.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target })}\n`);
}

/** Logs the error the way the native engine does, then exits once stderr is flushed. */
function exitWithError(error) {
  const fields = { is_panic: false, error_code: prismaErrorCode(error) ?? "", message: describeError(error) };
  log("ERROR", fields, "schema_engine::logger");
  process.stderr.write("", () => process.exit(exitCodeFor(error)));
}

/** A panic traps the WebAssembly instance; the engine only leaves its reason in the registry. */
function describeError(error) {
  if (error instanceof WebAssembly.RuntimeError) {
    const reason = globalThis.PRISMA_WASM_PANIC_REGISTRY?.message || error.message;
    return `Prisma's WebAssembly schema engine crashed: ${reason}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** A Prisma error code (P1001...), which the CLI shows and acts on; not Node's (ECONNRESET...). */
function prismaErrorCode(error) {
  return /^P\d{4}$/.test(error?.code) ? error.code : undefined;
}

function exitCodeFor(error) {
  return error instanceof WebAssembly.RuntimeError ? EXIT_PANIC : EXIT_ERROR;
}

function onUncaughtError(handler) {
  process.on("uncaughtException", handler);
  process.on("unhandledRejection", handler);
}
