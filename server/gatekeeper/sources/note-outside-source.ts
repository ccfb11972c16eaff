import { log } from "../../log";
import { recordDecision } from "../decisions";

/** One decision per endpoint and source per hour, however many deliveries: the console shows it, the log does not fill. */
const ONCE_PER_MS = 60 * 60_000;
const MAX_REMEMBERED = 10_000;
const lastNoted = new Map<string, number>();
const pending = new Set<Promise<unknown>>();

/**
 * Records that an endpoint received traffic from an address outside Stripe's webhook addresses:
 * `flagged` (monitor mode: a verified delivery, recorded and processed as usual) or `refused`
 * (enforce mode: 403 before any signature work).
 */
export function noteOutsideSource(endpoint: { id: string; name: string }, address: string | null, at: Date, outcome: "flagged" | "refused"): void {
  const key = `${endpoint.id}|${address}|${outcome}`;
  const last = lastNoted.get(key);
  if (last !== undefined && at.getTime() - last < ONCE_PER_MS && at.getTime() >= last) return;
  if (lastNoted.size >= MAX_REMEMBERED) lastNoted.clear();
  lastNoted.set(key, at.getTime());
  const shown = address ?? "an unknown address";
  const write = recordDecision({
    at,
    endpointId: endpoint.id,
    kind: outcome === "refused" ? "source_refused" : "source_outside",
    subject: `source:${address ?? "unknown"}`,
    summary:
      outcome === "refused"
        ? `${endpoint.name} refused requests from ${shown}: not one of Stripe's webhook addresses (enforce mode)`
        : `${endpoint.name} received verified deliveries from ${shown}, which is not one of Stripe's webhook addresses (monitor mode)`,
    explanation: { attack: outcome === "refused", address, policy: outcome === "refused" ? "enforce" : "monitor", hint: "Behind a proxy or load balancer, list its addresses in HOOKWARDEN_TRUSTED_PROXIES so the client address is read from X-Forwarded-For." },
  }).catch((error: unknown) => log.warn("could not record a source decision", { error }));
  pending.add(write);
  void write.finally(() => pending.delete(write));
}

/** Waits for the decisions still being written (the gatekeeper tick, tests). */
export async function settleOutsideSources(): Promise<void> {
  await Promise.all([...pending]);
}
