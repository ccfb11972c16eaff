/**
 * Configuration, read and validated once. A missing or malformed setting fails at
 * start with a message that names the variable and what it should look like.
 * Every variable here is documented in the README's configuration table.
 */
import { z } from "zod";
import { looksLikeSecretReference, parseSecretReference } from "./secrets/secret-reference";

const commaList = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

const integer = (name: string, fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return fallback;
      if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) {
        ctx.addIssue({ code: "custom", message: `${name} must be a whole number from ${min} to ${max} (got "${value}")` });
        return z.NEVER;
      }
      return Number(value);
    });

/** A process's share of the work: `all`, or a split into HTTP-serving `web` processes and event-processing `worker`s. */
export const PROCESS_ROLES = ["all", "web", "worker"] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

const OIDC_VARIABLES = ["HOOKWARDEN_OIDC_ISSUER", "HOOKWARDEN_OIDC_CLIENT_ID", "HOOKWARDEN_OIDC_CLIENT_SECRET"] as const;

export const EnvSchema = z.object({
  DATABASE_URL: z
    .string({ error: "DATABASE_URL must be set (npm run dev sets it for the embedded PostgreSQL)" })
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must look like postgresql://user:password@host:5432/database"),
  HOOKWARDEN_ENCRYPTION_KEY: z
    .string({ error: "HOOKWARDEN_ENCRYPTION_KEY must be set: 32 random bytes, base64 (openssl rand -base64 32)" })
    .refine((value) => Buffer.from(value, "base64").length === 32, {
      message: "HOOKWARDEN_ENCRYPTION_KEY must be 32 bytes in base64 (openssl rand -base64 32)",
    }),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .optional()
    .transform(commaList)
    .refine((secrets) => secrets.every((secret) => /^whsec_[A-Za-z0-9_]{8,}$/.test(secret)), {
      message: "STRIPE_WEBHOOK_SECRET must be one whsec_... secret, or several separated by commas",
    }),
  HOOKWARDEN_TOLERANCE_SECONDS: integer("HOOKWARDEN_TOLERANCE_SECONDS", 300, 1, 86_400),
  HOOKWARDEN_TRUSTED_PROXIES: z.string().optional().transform(commaList),
  HOOKWARDEN_SWEEP_INTERVAL_SECONDS: integer("HOOKWARDEN_SWEEP_INTERVAL_SECONDS", 15, 1, 3_600),
  HOOKWARDEN_SWEEP_AFTER_SECONDS: integer("HOOKWARDEN_SWEEP_AFTER_SECONDS", 30, 0, 86_400),
  HOOKWARDEN_LINK_WAIT_SECONDS: integer("HOOKWARDEN_LINK_WAIT_SECONDS", 600, 0, 86_400),
  HOOKWARDEN_MAX_ATTEMPTS: integer("HOOKWARDEN_MAX_ATTEMPTS", 6, 1, 50),
  HOOKWARDEN_RUNNER_CONCURRENCY: integer("HOOKWARDEN_RUNNER_CONCURRENCY", 8, 1, 64),
  HOOKWARDEN_DB_LOCK_TIMEOUT_MS: integer("HOOKWARDEN_DB_LOCK_TIMEOUT_MS", 10_000, 10, 600_000),
  HOOKWARDEN_DB_POOL_SIZE: integer("HOOKWARDEN_DB_POOL_SIZE", 10, 1, 200),
  /** How long a SIGTERM or SIGINT may take, from the signal to the exit: below the 30 s after which Docker and Kubernetes kill. */
  HOOKWARDEN_SHUTDOWN_GRACE_SECONDS: integer("HOOKWARDEN_SHUTDOWN_GRACE_SECONDS", 25, 1, 3_600),
  /** Readiness fails when the work loop (embedded runner, or the sweeper in Inngest mode) has not ticked for this long. */
  HOOKWARDEN_READY_STALE_SECONDS: integer("HOOKWARDEN_READY_STALE_SECONDS", 120, 5, 86_400),
  STRIPE_API_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]{4,}$/, "STRIPE_API_KEY must be a Stripe secret or restricted key (rk_live_..., rk_test_..., sk_...)")
    .optional(),
  HOOKWARDEN_STRIPE_API_BASE: z
    .url({ protocol: /^https?$/, error: "HOOKWARDEN_STRIPE_API_BASE must be a URL such as http://127.0.0.1:12111 (for a local Stripe fake)" })
    .optional(),
  HOOKWARDEN_STRIPE_READ_RATE: integer("HOOKWARDEN_STRIPE_READ_RATE", 0, 0, 1_000),
  HOOKWARDEN_STRIPE_RETRY_BASE_MS: integer("HOOKWARDEN_STRIPE_RETRY_BASE_MS", 1_000, 10, 60_000),
  HOOKWARDEN_DEMO_STRIPE: z.enum(["0", "1", "true", "false"], { error: "HOOKWARDEN_DEMO_STRIPE must be 1 or 0" }).optional().transform((value) => value === "1" || value === "true"),
  /**
   * What this process does (see PROCESS_ROLES): a `web` process serves HTTP (intake, console, API) and processes no event;
   * a `worker` serves no HTTP and runs the embedded runner and the schedules; `all` (the default) does both.
   */
  HOOKWARDEN_ROLE: z.enum(PROCESS_ROLES, { error: `HOOKWARDEN_ROLE must be one of ${PROCESS_ROLES.join(", ")}` }).default("all"),
  HOOKWARDEN_GATEKEEPER: z.enum(["on", "off"], { error: "HOOKWARDEN_GATEKEEPER must be on or off" }).default("on"),
  /** Forged or malformed requests from one source outside Stripe's addresses, within a minute, before it is answered 429. */
  HOOKWARDEN_SOURCE_FAILURE_LIMIT: integer("HOOKWARDEN_SOURCE_FAILURE_LIMIT", 5, 1, 10_000),
  HOOKWARDEN_SOURCE_BLOCK_MINUTES: integer("HOOKWARDEN_SOURCE_BLOCK_MINUTES", 10, 1, 1_440),
  /** Shed mode's hard cap, in hours: well inside Stripe's 3 days of retries, so nothing shed is lost. */
  HOOKWARDEN_SHED_MAX_HOURS: integer("HOOKWARDEN_SHED_MAX_HOURS", 6, 1, 48),
  /** Where a refresh of Stripe's webhook addresses reads Stripe's published list (`{"WEBHOOKS": [...]}`): a local copy or mirror offline, a local server in tests. */
  HOOKWARDEN_STRIPE_IPS_URL: z
    .url({ protocol: /^https?$/, error: "HOOKWARDEN_STRIPE_IPS_URL must be a URL such as https://stripe.com/files/ips/ips_webhooks.json" })
    .default("https://stripe.com/files/ips/ips_webhooks.json"),
  /** Fraud scoring (server/gatekeeper/fraud/): a payment sequence scoring this much opens a review item ("elevated", Radar's 65). */
  HOOKWARDEN_FRAUD_ELEVATED_SCORE: integer("HOOKWARDEN_FRAUD_ELEVATED_SCORE", 65, 1, 100),
  /** The "highest" risk level (Radar's 75). */
  HOOKWARDEN_FRAUD_HIGHEST_SCORE: integer("HOOKWARDEN_FRAUD_HIGHEST_SCORE", 75, 1, 100),
  /** An attempt of at most this many minor units counts as a small amount (100 = 1.00). */
  HOOKWARDEN_FRAUD_SMALL_AMOUNT: integer("HOOKWARDEN_FRAUD_SMALL_AMOUNT", 100, 0, 100_000_000),
  /** Hold a customer's further success events while their review is open: off, on (every review), highest (reviews at the highest level). */
  HOOKWARDEN_FRAUD_HOLD: z.enum(["off", "on", "highest"], { error: "HOOKWARDEN_FRAUD_HOLD must be off, on or highest" }).default("off"),
  /** Decided reviews a reason needs before its weight is tuned by them. */
  HOOKWARDEN_FRAUD_TUNING_MIN_DECISIONS: integer("HOOKWARDEN_FRAUD_TUNING_MIN_DECISIONS", 5, 1, 100_000),
  HOOKWARDEN_DEMO_STRIPE_PORT: integer("HOOKWARDEN_DEMO_STRIPE_PORT", 12111, 1, 65_535),
  HOOKWARDEN_RECOVERY_INTERVAL_MINUTES: integer("HOOKWARDEN_RECOVERY_INTERVAL_MINUTES", 60, 0, 10_080),
  HOOKWARDEN_DRIFT_AUDIT_INTERVAL_MINUTES: integer("HOOKWARDEN_DRIFT_AUDIT_INTERVAL_MINUTES", 1_440, 0, 43_200),
  HOOKWARDEN_HORIZON_ALERT_DAYS: integer("HOOKWARDEN_HORIZON_ALERT_DAYS", 5, 1, 29),
  HOOKWARDEN_ROTATION_REMINDER_DAYS: integer("HOOKWARDEN_ROTATION_REMINDER_DAYS", 7, 0, 365),
  HOOKWARDEN_SECRET_UNUSED_DAYS: integer("HOOKWARDEN_SECRET_UNUSED_DAYS", 14, 1, 365),
  HOOKWARDEN_RAW_PAYLOAD_RETENTION_DAYS: integer("HOOKWARDEN_RAW_PAYLOAD_RETENTION_DAYS", 30, 1, 36_500),
  HOOKWARDEN_RECORD_RETENTION_DAYS: integer("HOOKWARDEN_RECORD_RETENTION_DAYS", 365, 1, 36_500),
  HOOKWARDEN_RETENTION_INTERVAL_MINUTES: integer("HOOKWARDEN_RETENTION_INTERVAL_MINUTES", 60, 0, 10_080),
  HOOKWARDEN_ALERT_RATE_PER_MINUTE: integer("HOOKWARDEN_ALERT_RATE_PER_MINUTE", 6, 1, 120),
  HOOKWARDEN_ALERT_FLAP_MINUTES: integer("HOOKWARDEN_ALERT_FLAP_MINUTES", 5, 0, 1_440),
  /** How long a delivery to a destination is retried before it is dead (hours; Stripe's own window is 3 days). */
  HOOKWARDEN_DESTINATION_RETRY_HOURS: integer("HOOKWARDEN_DESTINATION_RETRY_HOURS", 72, 1, 720),
  /** A destination that has not answered within this long has failed the attempt (seconds). */
  HOOKWARDEN_DESTINATION_TIMEOUT_SECONDS: integer("HOOKWARDEN_DESTINATION_TIMEOUT_SECONDS", 10, 1, 60),
  /** A destination whose attempts have all failed for this long is paused automatically, its backlog kept (minutes; 0: never). */
  HOOKWARDEN_DESTINATION_PAUSE_MINUTES: integer("HOOKWARDEN_DESTINATION_PAUSE_MINUTES", 60, 0, 10_080),
  /** After a destination's signing secret is rotated, the previous one signs too for this long (hours). */
  HOOKWARDEN_DESTINATION_SECRET_GRACE_HOURS: integer("HOOKWARDEN_DESTINATION_SECRET_GRACE_HOURS", 24, 0, 720),
  INNGEST_EVENT_KEY: z.string().optional(),
  INNGEST_DEV: z.string().optional(),
  HOOKWARDEN_LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  HOOKWARDEN_MASK_METADATA_KEYS: z
    .string()
    .optional()
    .transform(commaList)
    .refine((keys) => keys.every((key) => /^[A-Za-z0-9_.-]{1,40}$/.test(key)), {
      message: "HOOKWARDEN_MASK_METADATA_KEYS must be Stripe metadata keys separated by commas, such as email,customer_name (letters, digits, _ . -, at most 40 characters each)",
    }),
  NEXTAUTH_SECRET: z
    .string({ error: "NEXTAUTH_SECRET must be set when DATABASE_URL is set: 32 random bytes, base64 (openssl rand -base64 32)" })
    .min(32, "NEXTAUTH_SECRET must be at least 32 characters (openssl rand -base64 32)"),
  NEXTAUTH_URL: z
    .url({ protocol: /^https?$/, error: "NEXTAUTH_URL must be the console's public URL, such as https://hookwarden.example.com" })
    .optional(),
  HOOKWARDEN_OIDC_ISSUER: z
    .url({ protocol: /^https?$/, error: "HOOKWARDEN_OIDC_ISSUER must be the issuer URL, such as https://login.example.com/realms/ops" })
    .optional()
    .transform((issuer) => issuer?.replace(/\/+$/, "")),
  HOOKWARDEN_OIDC_CLIENT_ID: z.string().min(1).optional(),
  HOOKWARDEN_OIDC_CLIENT_SECRET: z
    .string()
    .min(1)
    .optional()
    .superRefine((value, ctx) => {
      if (value === undefined || !looksLikeSecretReference(value)) return;
      try {
        parseSecretReference(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `HOOKWARDEN_OIDC_CLIENT_SECRET looks like a secret reference but is not a valid one: ${error instanceof Error ? error.message : String(error)}` });
      }
    }),
  HOOKWARDEN_VAULT_ADDR: z
    .url({ protocol: /^https?$/, error: "HOOKWARDEN_VAULT_ADDR must be Vault's address, such as https://vault.internal:8200" })
    .optional()
    .transform((address) => address?.replace(/\/+$/, "")),
  HOOKWARDEN_VAULT_TOKEN: z.string().min(1).optional(),
  HOOKWARDEN_VAULT_NAMESPACE: z.string().min(1).optional(),
  HOOKWARDEN_AWS_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-[0-9]+$/, "HOOKWARDEN_AWS_REGION must be an AWS region, such as eu-west-1")
    .optional(),
  AWS_REGION: z.string().optional(),
  HOOKWARDEN_AWS_SECRETS_ENDPOINT: z
    .url({ protocol: /^https?$/, error: "HOOKWARDEN_AWS_SECRETS_ENDPOINT must be a URL, such as http://localhost:4566 (LocalStack)" })
    .optional(),
  HOOKWARDEN_SECRET_CACHE_SECONDS: integer("HOOKWARDEN_SECRET_CACHE_SECONDS", 60, 1, 86_400),
  /** Turns on GET /api/metrics for scrapers that send it as `Authorization: Bearer <token>`; unset (or empty): metrics off, the route answers 404. */
  HOOKWARDEN_METRICS_TOKEN: z
    .string()
    .optional()
    .transform((value) => (value === "" ? undefined : value))
    .refine((value) => value === undefined || /^[\x21-\x7e]{32,512}$/.test(value), {
      message: "HOOKWARDEN_METRICS_TOKEN must be 32 to 512 visible characters without spaces (openssl rand -hex 32)",
    }),
}).superRefine((config, ctx) => {
  if (Boolean(config.HOOKWARDEN_VAULT_ADDR) !== Boolean(config.HOOKWARDEN_VAULT_TOKEN)) {
    const missing = config.HOOKWARDEN_VAULT_ADDR ? "HOOKWARDEN_VAULT_TOKEN" : "HOOKWARDEN_VAULT_ADDR";
    ctx.addIssue({ code: "custom", path: [missing], message: `the Vault secret provider needs both HOOKWARDEN_VAULT_ADDR and HOOKWARDEN_VAULT_TOKEN; missing ${missing}` });
  }
  const clientSecret = config.HOOKWARDEN_OIDC_CLIENT_SECRET;
  if (clientSecret?.startsWith("vault:") && !config.HOOKWARDEN_VAULT_ADDR) {
    ctx.addIssue({ code: "custom", path: ["HOOKWARDEN_OIDC_CLIENT_SECRET"], message: "HOOKWARDEN_OIDC_CLIENT_SECRET refers to Vault, which is not configured: set HOOKWARDEN_VAULT_ADDR and HOOKWARDEN_VAULT_TOKEN" });
  }
  if (clientSecret?.startsWith("aws:") && !config.HOOKWARDEN_AWS_REGION && !config.AWS_REGION) {
    ctx.addIssue({ code: "custom", path: ["HOOKWARDEN_OIDC_CLIENT_SECRET"], message: "HOOKWARDEN_OIDC_CLIENT_SECRET refers to AWS Secrets Manager, which is not configured: set HOOKWARDEN_AWS_REGION (or AWS_REGION)" });
  }
  const set = OIDC_VARIABLES.filter((name) => config[name]);
  if (set.length > 0 && set.length < OIDC_VARIABLES.length) {
    const missing = OIDC_VARIABLES.filter((name) => !config[name]);
    ctx.addIssue({ code: "custom", path: [missing[0]!], message: `SSO needs all of ${OIDC_VARIABLES.join(", ")}; missing ${missing.join(", ")}` });
  }
  if (config.HOOKWARDEN_FRAUD_HIGHEST_SCORE < config.HOOKWARDEN_FRAUD_ELEVATED_SCORE) {
    ctx.addIssue({
      code: "custom",
      path: ["HOOKWARDEN_FRAUD_HIGHEST_SCORE"],
      message: `HOOKWARDEN_FRAUD_HIGHEST_SCORE (${config.HOOKWARDEN_FRAUD_HIGHEST_SCORE}) must be at least HOOKWARDEN_FRAUD_ELEVATED_SCORE (${config.HOOKWARDEN_FRAUD_ELEVATED_SCORE})`,
    });
  }
  if (config.HOOKWARDEN_RECORD_RETENTION_DAYS < config.HOOKWARDEN_RAW_PAYLOAD_RETENTION_DAYS) {
    ctx.addIssue({
      code: "custom",
      path: ["HOOKWARDEN_RECORD_RETENTION_DAYS"],
      message: `HOOKWARDEN_RECORD_RETENTION_DAYS (${config.HOOKWARDEN_RECORD_RETENTION_DAYS}) must be at least HOOKWARDEN_RAW_PAYLOAD_RETENTION_DAYS (${config.HOOKWARDEN_RAW_PAYLOAD_RETENTION_DAYS}): records outlive their raw payloads`,
    });
  }
});

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".") || "config"}: ${issue.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated configuration of this process. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Forgets the parsed configuration, so the next env() reads process.env again (tests that point Hookwarden at a local Stripe fake). */
export function reloadEnv(): void {
  cached = undefined;
}

/** The generic OIDC provider, when all three of its variables are set. */
export function oidcConfig(config: Env = env()): { issuer: string; clientId: string; clientSecret: string } | null {
  const { HOOKWARDEN_OIDC_ISSUER: issuer, HOOKWARDEN_OIDC_CLIENT_ID: clientId, HOOKWARDEN_OIDC_CLIENT_SECRET: clientSecret } = config;
  return issuer && clientId && clientSecret ? { issuer, clientId, clientSecret } : null;
}

/** The Vault secret provider's settings, when HOOKWARDEN_VAULT_ADDR and HOOKWARDEN_VAULT_TOKEN are set. */
export function vaultConfig(config: Env = env()): { address: string; token: string; namespace: string | undefined } | null {
  const { HOOKWARDEN_VAULT_ADDR: address, HOOKWARDEN_VAULT_TOKEN: token, HOOKWARDEN_VAULT_NAMESPACE: namespace } = config;
  return address && token ? { address, token, namespace } : null;
}

/**
 * The AWS Secrets Manager provider's settings, when a region is known (HOOKWARDEN_AWS_REGION,
 * else AWS_REGION). Credentials come from the AWS SDK's default chain, never from here.
 */
export function awsSecretsConfig(config: Env = env()): { region: string; endpoint: string | undefined } | null {
  const region = config.HOOKWARDEN_AWS_REGION ?? (config.AWS_REGION || undefined);
  return region ? { region, endpoint: config.HOOKWARDEN_AWS_SECRETS_ENDPOINT } : null;
}

/** Events go to Inngest when it is configured, otherwise to the embedded runner. */
export function queueMode(config: Env = env()): "inngest" | "embedded" {
  return config.INNGEST_EVENT_KEY || config.INNGEST_DEV ? "inngest" : "embedded";
}
