/**
 * What counting one intake answer costs (server/metrics/intake-metrics.ts): a million calls of
 * countIntakeRequest in a loop, three rounds, nanoseconds per call. Intake makes one call per request.
 *
 *   node --import tsx scripts/bench-metrics.ts
 */
import { loadavg } from "node:os";
import { countIntakeRequest, type IntakeOutcome } from "../server/metrics/intake-metrics";

const CALLS = 1_000_000;
const OUTCOMES: IntakeOutcome[] = ["accepted", "duplicate", "signature_mismatch"];

console.log(`load average before: ${loadavg().map((load) => load.toFixed(2)).join(" ")}`);
for (let round = 1; round <= 3; round++) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) {
    const outcome = OUTCOMES[i % OUTCOMES.length]!;
    countIntakeRequest({ endpointName: "default", outcome, status: outcome === "signature_mismatch" ? 400 : 200, seconds: (i % 100) / 10_000 });
  }
  console.log(`round ${round}: ${(Number(process.hrtime.bigint() - started) / CALLS).toFixed(0)} ns per countIntakeRequest`);
}
