import { randomBytes } from "node:crypto";
import { loadKeyring, unloadKeyring } from "../crypto/load-keyring";
import { disconnect, pool, prisma } from "../db";
import { applyMigrations } from "../embedded/apply-migrations";
import { startThrowawayPostgres } from "../embedded/throwaway-postgres";
import { addEndpoint } from "../endpoints/add-endpoint";
import { addSigningSecret } from "../endpoints/add-signing-secret";
import { parseEnv, reloadEnv } from "../env";
import { AppError } from "../errors";
import type { SourcePolicy } from "../gatekeeper/sources/source-policies";
import type { DetectOutputLine } from "./decision-feed";
import { readReplayFile } from "./replay-line";
import { replayDeliveries, type ReplaySummary } from "./replay-deliveries";


export type DetectionSettings = {
  file: string;
  /** Endpoint name → its signing secrets (several while a secret is rolled). */
  secrets: ReadonlyMap<string, readonly string[]>;
  /** Set on every endpoint; the product's default (monitor) when not given. */
  sourcePolicy?: SourcePolicy;
  trustedProxies: readonly string[];
  emit: (line: DetectOutputLine) => void;
  progress?: (done: number, total: number, virtualNow: Date) => void;
  /** True stops the replay between deliveries; the database is then stopped and deleted as at the end. */
  stopped?: () => boolean;
};

/** Settings of this process that must not reach the user's systems: their database, Stripe, Inngest, the console's SSO. */
const NEVER_INHERITED = [
  "DATABASE_URL",
  "STRIPE_WEBHOOK_SECRET",
  "STRIPE_API_KEY",
  "HOOKWARDEN_STRIPE_API_BASE",
  "HOOKWARDEN_DEMO_STRIPE",
  "INNGEST_EVENT_KEY",
  "INNGEST_DEV",
  "HOOKWARDEN_OIDC_ISSUER",
  "HOOKWARDEN_OIDC_CLIENT_ID",
  "HOOKWARDEN_OIDC_CLIENT_SECRET",
];

/** Points this process at the throwaway database, with keys of its own; logs go to stderr (warn and above), never between output lines. */
function isolate(databaseUrl: string, trustedProxies: readonly string[]): void {
  for (const name of NEVER_INHERITED) delete process.env[name];
  process.env.DATABASE_URL = databaseUrl;
  process.env.HOOKWARDEN_ENCRYPTION_KEY = randomBytes(32).toString("base64");
  process.env.NEXTAUTH_SECRET = randomBytes(32).toString("base64");
  process.env.HOOKWARDEN_TRUSTED_PROXIES = trustedProxies.join(",");
  if (!["warn", "error", "silent"].includes(process.env.HOOKWARDEN_LOG_LEVEL ?? "")) process.env.HOOKWARDEN_LOG_LEVEL = "warn";
  reloadEnv();
  parseEnv(process.env);
}

/** The endpoints the replay names, each with its secrets; payments without a reference are allowed (a replay has no registered payments). */
async function prepareEndpoints(secrets: DetectionSettings["secrets"], sourcePolicy: SourcePolicy | undefined): Promise<void> {
  for (const [name, values] of secrets) {
    await addEndpoint({ name });
    for (const secret of values) await addSigningSecret({ endpointName: name, secret, source: "cli", label: "hookwarden detect --secret" });
    await prisma().endpoint.update({ where: { name }, data: { noReferencePolicy: "allow", ...(sourcePolicy ? { sourcePolicy } : {}) } });
  }
}

/**
 * `hookwarden detect --replay`: validates the whole file first (bad input starts nothing), then starts a
 * throwaway embedded PostgreSQL, applies the migrations, creates the endpoints with their secrets and
 * replays the deliveries on a virtual clock, emitting each decision as it is taken. The database is deleted
 * at the end, whatever happens; nothing of the user's configuration is used but the gatekeeper's settings.
 */
export async function runDetection(settings: DetectionSettings): Promise<ReplaySummary> {
  const deliveries = readReplayFile(settings.file);
  const unsigned = deliveries.find((delivery) => !settings.secrets.has(delivery.endpoint));
  if (unsigned) {
    throw new AppError("invalid_request", `${settings.file}, line ${unsigned.lineNumber}: endpoint "${unsigned.endpoint}" has no secret: add --secret ${unsigned.endpoint}=whsec_...`);
  }
  const postgres = await startThrowawayPostgres();
  try {
    isolate(postgres.url, settings.trustedProxies);
    // On Ctrl-C, PostgreSQL stops under connections in use: their queries fail, and the error events that
    // follow must not crash the process before the server is down and its folder gone.
    pool().on("connect", (client) => client.on("error", () => undefined));
    await applyMigrations(postgres.url);
    await loadKeyring();
    await prepareEndpoints(settings.secrets, settings.sourcePolicy);
    return await replayDeliveries(deliveries, { emit: settings.emit, progress: settings.progress, stopped: settings.stopped });
  } finally {
    unloadKeyring();
    await disconnect();
    await postgres.stop();
  }
}
