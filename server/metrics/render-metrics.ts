import { registerDestinationMetrics } from "../destinations/destination-metrics-source";
import { metrics } from "./metrics-registry";
import { DATABASE_GAUGES_MAX_AGE_MS, refreshDatabaseGauges } from "./refresh-database-gauges";

/**
 * This process's metrics in Prometheus's text format: the counters and histograms as they stand,
 * the database gauges as of at most `maxAgeMs` ago (see refreshDatabaseGauges).
 */
export async function renderMetrics(maxAgeMs = DATABASE_GAUGES_MAX_AGE_MS): Promise<{ contentType: string; body: string }> {
  registerDestinationMetrics();
  await refreshDatabaseGauges(maxAgeMs);
  const { registry } = metrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
