import { pool } from "../../db";
import { FRAUD_FEATURES, type FeatureTally, type FraudFeature } from "./fraud-features";

/** Tallies change only when an operator decides; a worker in another process sees a decision within this long. */
const CACHE_MS = 10_000;

type Cached = { at: number; tallies: Partial<Record<FraudFeature, FeatureTally>> };
const globalForTallies = globalThis as unknown as { hookwardenFeatureTallies?: Cached };

/**
 * Per feature, the decided reviews in which it earned points: confirmed (fraud) and dismissed
 * (legitimate). The decisions are the review items themselves, kept for good; this is their
 * summary, read at most every 10 seconds per process (and at once after a decision here).
 */
export async function featureTallies(): Promise<Partial<Record<FraudFeature, FeatureTally>>> {
  const cached = globalForTallies.hookwardenFeatureTallies;
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.tallies;
  const rows = await pool().query<{ feature: string; confirmed: number; dismissed: number }>(
    `SELECT reason->>'feature' AS feature,
            count(*) FILTER (WHERE r.status = 'confirmed')::int AS confirmed,
            count(*) FILTER (WHERE r.status = 'dismissed')::int AS dismissed
     FROM review_item r CROSS JOIN LATERAL jsonb_array_elements(r.reasons) AS reason
     WHERE r.status IN ('confirmed', 'dismissed') AND (reason->>'points')::numeric > 0
     GROUP BY 1`,
  );
  const tallies: Partial<Record<FraudFeature, FeatureTally>> = {};
  for (const row of rows.rows) {
    if (Object.hasOwn(FRAUD_FEATURES, row.feature)) tallies[row.feature as FraudFeature] = { confirmed: row.confirmed, dismissed: row.dismissed };
  }
  globalForTallies.hookwardenFeatureTallies = { at: Date.now(), tallies };
  return tallies;
}

/** A decision was taken in this process: the next score reads the tallies again. */
export function forgetFeatureTallies(): void {
  globalForTallies.hookwardenFeatureTallies = undefined;
}
