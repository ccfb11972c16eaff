/**
 * The cache in front of external secret providers (Vault, AWS Secrets Manager, the
 * environment). Held on globalThis, because Next.js bundles route handlers and
 * instrumentation separately in one process.
 *
 * - A value is served from memory for HOOKWARDEN_SECRET_CACHE_SECONDS, then read again.
 * - A stale value is refreshed; callers wait for the refresh at most STALE_WAIT_MS, then go on
 *   with the last good value while the refresh finishes in the background.
 * - When a read fails, the last good value stays: it is never dropped and never replaced by an
 *   empty one, so a provider outage cannot disable verification. A `secret_provider_unreachable`
 *   alert (subject: the reference) is opened, and resolved when the provider answers again.
 * - A secret never read successfully (a first read during an outage) has no value: the caller
 *   gets null and goes on without it. It is tried again at most every NEVER_READ_RETRY_MS.
 * The value is never logged; the reference and the provider's error are.
 */
import { recordAlert } from "../alerts/record-alert";
import { resolveAlert } from "../alerts/resolve-alert";
import { env } from "../env";
import { isAppError } from "../errors";
import { log } from "../log";
import { formatSecretReference, type SecretReference } from "./secret-reference";
import { secretProviderFor } from "./secret-provider-for";

/** How long a caller waits for the refresh of a stale value before using the last good one. */
export const STALE_WAIT_MS = 1_000;
/** A secret never read is asked for again at most this often (or once per cache period, if shorter): callers do not queue on a provider that is down. */
export const NEVER_READ_RETRY_MS = 5_000;

type Entry = {
  reference: SecretReference;
  value: string | null;
  /** When the provider last answered with the value (ms). */
  readAt: number;
  /** When the provider was last asked (ms): a failing provider is asked at most once per TTL while a value is kept. */
  triedAt: number;
  /** The last read failed; the alert is open. */
  failing: boolean;
  refreshing?: Promise<void>;
};

const globalForSecrets = globalThis as unknown as { hookwardenSecretCache?: Map<string, Entry> };

function entries(): Map<string, Entry> {
  globalForSecrets.hookwardenSecretCache ??= new Map();
  return globalForSecrets.hookwardenSecretCache;
}

export const SECRET_ALERT_KIND = "secret_provider_unreachable" as const;

/**
 * The current value of an external secret, or null when it has never been read. Never throws
 * for a provider failure; throws only for a provider that is not configured.
 */
export async function readCachedSecret(reference: SecretReference, options: { waitMs?: number } = {}): Promise<string | null> {
  const key = formatSecretReference(reference);
  const now = Date.now();
  const ttl = env().HOOKWARDEN_SECRET_CACHE_SECONDS * 1_000;
  let entry = entries().get(key);
  if (!entry) {
    secretProviderFor(reference); // an unconfigured provider is a clear error, not an outage
    entry = { reference, value: null, readAt: 0, triedAt: 0, failing: false };
    entries().set(key, entry);
  }
  if (entry.value !== null && (now - entry.readAt < ttl || now - entry.triedAt < ttl)) return entry.value;
  if (entry.value === null && !entry.refreshing && entry.failing && now - entry.triedAt < Math.min(NEVER_READ_RETRY_MS, ttl)) return null;
  const refresh = (entry.refreshing ??= refreshEntry(key, entry, now).finally(() => {
    entry.refreshing = undefined;
  }));
  if (entry.value === null) {
    await refresh;
    return entry.value;
  }
  const wait = options.waitMs ?? STALE_WAIT_MS;
  await Promise.race([refresh, new Promise((resolve) => setTimeout(resolve, wait).unref())]);
  return entry.value;
}

/** The value in memory, without asking the provider (null if none): for synchronous readers whose value was read at start. */
export function peekCachedSecret(reference: SecretReference): string | null {
  return entries().get(formatSecretReference(reference))?.value ?? null;
}

async function refreshEntry(key: string, entry: Entry, now: number): Promise<void> {
  entry.triedAt = now;
  try {
    const value = await secretProviderFor(entry.reference).read(entry.reference);
    entry.value = value;
    entry.readAt = Date.now();
    if (entry.failing) {
      entry.failing = false;
      log.info("secret provider answers again", { reference: key });
      await resolveAlert(SECRET_ALERT_KIND, key).catch((error: unknown) => log.warn("could not resolve the secret provider alert", { reference: key, error }));
    }
  } catch (error) {
    entry.failing = true;
    const reason = isAppError(error) ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const kept = entry.value !== null;
    const message = kept
      ? `${key} could not be read; the last value read (at ${new Date(entry.readAt).toISOString()}) is still used. ${reason}`
      : `${key} could not be read and was never read before: it is unavailable until its provider answers. ${reason}`;
    log.warn("secret provider read failed", { reference: key, keptLastGood: kept, reason });
    await recordAlert({ kind: SECRET_ALERT_KIND, severity: kept ? "warning" : "critical", subject: key, message, detail: { reference: key, keptLastGood: kept } }).catch((alertError: unknown) =>
      log.warn("could not record the secret provider alert", { reference: key, error: alertError }),
    );
  }
}

/** Empties the cache (tests; a process that changed its provider settings). */
export function forgetCachedSecrets(): void {
  entries().clear();
}
