import { prisma } from "../db";
import { env } from "../env";
import { asSourcePolicy, type SourcePolicy } from "../gatekeeper/sources/source-policies";
import { signingSecretValue } from "../secrets/signing-secret-value";
import type { CandidateSecret } from "../verification/verify-stripe-signature";

export type EndpointForIntake = {
  id: string;
  name: string;
  toleranceSeconds: number;
  /** The gatekeeper's source-address policy (server/gatekeeper/sources/source-policies.ts). */
  sourcePolicy: SourcePolicy;
  /** Decrypted active secrets: status active and not past their expiry. */
  secrets: CandidateSecret[];
  /**
   * The few secrets that stopped verifying lately (expired or retired in the last
   * INACTIVE_WINDOW_DAYS, newest first, at most MAX_INACTIVE), never used to accept a
   * delivery: only to tell "Stripe still signs with a secret we dropped" from a forgery.
   */
  inactiveSecrets: (CandidateSecret & { fingerprint: string })[];
  /** Earliest expiry among the secrets, to drop the cache entry in time. */
  validUntil: number;
};

/** Secrets added by another process (the CLI) are seen within this many milliseconds. */
const CACHE_MS = 5_000;
const MAX_CACHED = 1_000;
const INACTIVE_WINDOW_DAYS = 30;
const MAX_INACTIVE = 5;
const cache = new Map<string, { loadedAt: number; endpoint: EndpointForIntake | null }>();
/** Loads in flight, by name: a burst of deliveries on a cold cache reads the endpoint once, not once per delivery. */
const loading = new Map<string, Promise<EndpointForIntake | null>>();

/**
 * The endpoint and its active signing secrets, decrypted, cached briefly so that
 * intake does not read them on every delivery. An expired secret stops verifying
 * at its expiry even while cached.
 */
export async function endpointSecrets(name: string): Promise<EndpointForIntake | null> {
  const now = Date.now();
  const hit = cache.get(name);
  if (hit && now - hit.loadedAt < CACHE_MS && (hit.endpoint === null || hit.endpoint.validUntil > now)) {
    return hit.endpoint;
  }
  const inFlight = loading.get(name);
  if (inFlight) return inFlight;
  const load = loadEndpoint(name, now).finally(() => loading.delete(name));
  loading.set(name, load);
  return load;
}

async function loadEndpoint(name: string, now: number): Promise<EndpointForIntake | null> {
  const since = new Date(now - INACTIVE_WINDOW_DAYS * 86_400_000);
  const row = await prisma().endpoint.findUnique({
    where: { name },
    include: {
      secrets: {
        where: {
          OR: [
            { status: "active", OR: [{ expiresAt: null }, { expiresAt: { gt: since } }] },
            { status: "retired", retiredAt: { gt: since } },
          ],
        },
        orderBy: { createdAt: "desc" },
      },
    },
  });
  const verifies = (secret: { status: string; expiresAt: Date | null }) => secret.status === "active" && (secret.expiresAt === null || secret.expiresAt.getTime() > now);
  const active = row?.secrets.filter(verifies) ?? [];
  // Only stored secrets: a reference now names whatever value its provider holds, not the one that stopped verifying.
  const inactive = row?.secrets.filter((secret) => !verifies(secret) && secret.ciphertext !== null).slice(0, MAX_INACTIVE) ?? [];
  // Stored secrets are decrypted; referenced ones come through the secret cache (last good value in an outage).
  const [values, inactiveValues] = await Promise.all([Promise.all(active.map(signingSecretValue)), Promise.all(inactive.map(signingSecretValue))]);
  const endpoint = row && {
    id: row.id,
    name: row.name,
    toleranceSeconds: row.toleranceSeconds ?? env().HOOKWARDEN_TOLERANCE_SECONDS,
    sourcePolicy: asSourcePolicy(row.sourcePolicy),
    secrets: active.flatMap((secret, index) => (values[index] ? [{ id: secret.id, secret: values[index] }] : [])),
    inactiveSecrets: inactive.flatMap((secret, index) => (inactiveValues[index] ? [{ id: secret.id, fingerprint: secret.fingerprint, secret: inactiveValues[index] }] : [])),
    validUntil: Math.min(Infinity, ...active.map((secret) => secret.expiresAt?.getTime() ?? Infinity)),
  };
  // Unknown names come from the URL, so an attacker chooses them: keep the cache bounded.
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(name, { loadedAt: now, endpoint });
  return endpoint;
}

/** Whether intake found this endpoint when it last looked (the cache above, no query): only such a name may label a metric. */
export function isKnownEndpoint(name: string): boolean {
  return Boolean(cache.get(name)?.endpoint);
}

export function forgetEndpointSecrets(name?: string): void {
  if (name === undefined) {
    cache.clear();
    loading.clear();
  } else {
    cache.delete(name);
    loading.delete(name);
  }
}
