import { pool } from "../../db";
import { log } from "../../log";

/**
 * The breakers that shed, as intake sees them in memory (no query per delivery): refreshed at every
 * gatekeeper tick and right after this process changes a breaker. A delivery of a shed type is
 * answered 503 before it is recorded, so Stripe keeps it and retries.
 */
type Shedding = { breakerId: string; types: ReadonlySet<string>; until: number };
let shedding = new Map<string, Shedding>();
let refreshing: Promise<void> | undefined;

/** The breaker shedding this endpoint's deliveries of this type at `nowMs`, if any. */
export function sheddingBreakerFor(endpointId: string, type: string, nowMs: number): string | null {
  const entry = shedding.get(endpointId);
  return entry && entry.until > nowMs && entry.types.has(type) ? entry.breakerId : null;
}

export async function refreshSheddingBreakers(): Promise<void> {
  refreshing ??= (async () => {
    try {
      const rows = await pool().query<{ id: string; endpoint_id: string; event_types: string[]; shed_until: Date }>(
        `SELECT id, endpoint_id, event_types, shed_until FROM circuit_breaker WHERE state = 'open' AND shed_until IS NOT NULL`,
      );
      shedding = new Map(rows.rows.map((row) => [row.endpoint_id, { breakerId: row.id, types: new Set(row.event_types), until: row.shed_until.getTime() }]));
    } catch (error) {
      log.warn("could not read the shedding breakers; the last list read stays in force", { error });
    } finally {
      refreshing = undefined;
    }
  })();
  await refreshing;
}

/** A breaker of this process changed: read them again now, in the background. */
export function noteBreakerChange(): void {
  void refreshSheddingBreakers();
}
