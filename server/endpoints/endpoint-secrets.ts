import { prisma } from "../db";
import { env } from "../env";
import { signingSecretValue } from "../secrets/signing-secret-value";
import type { CandidateSecret } from "../verification/verify-stripe-signature";

export type EndpointForIntake = {
  id: string;
  name: string;
  toleranceSeconds: number;
  /** Decrypted active secrets: status active and not past their expiry. */
  secrets: CandidateSecret[];
  /** Earliest expiry among the secrets, to drop the cache entry in time. */
  validUntil: number;
};

/** Secrets added by another process (the CLI) are seen within this many milliseconds. */
const CACHE_MS = 5_000;
const MAX_CACHED = 1_000;
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
  const row = await prisma().endpoint.findUnique({
    where: { name },
    include: {
      secrets: {
        where: { status: "active", OR: [{ expiresAt: null }, { expiresAt: { gt: new Date(now) } }] },
        orderBy: { createdAt: "desc" },
      },
    },
  });
  // Stored secrets are decrypted; referenced ones come through the secret cache (last good value in an outage).
  const values = row ? await Promise.all(row.secrets.map(signingSecretValue)) : [];
  const endpoint = row && {
    id: row.id,
    name: row.name,
    toleranceSeconds: row.toleranceSeconds ?? env().HOOKWARDEN_TOLERANCE_SECONDS,
    secrets: row.secrets.flatMap((secret, index) => (values[index] ? [{ id: secret.id, secret: values[index] }] : [])),
    validUntil: Math.min(Infinity, ...row.secrets.map((secret) => secret.expiresAt?.getTime() ?? Infinity)),
  };
  // Unknown names come from the URL, so an attacker chooses them: keep the cache bounded.
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(name, { loadedAt: now, endpoint });
  return endpoint;
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
