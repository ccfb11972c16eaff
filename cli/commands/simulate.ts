import { randomInt } from "node:crypto";
import { writeFileSync } from "node:fs";
import { stripeSignatureHeader } from "../simulate/sign";
import { DETECTION_SCENARIO_NAMES, generateDetectionScenario, isDetectionScenario, scenarioFileText } from "../simulate/traffic/detection-scenarios";
import { allScenarioNames, SCENARIO_NAMES, SCENARIOS, type PlannedDelivery, type Scenario } from "../simulate/scenarios";
import type { StripeEventJson } from "../simulate/stripe-events";
import { DEFAULT_ENDPOINT, EndpointNameSchema, WebhookSecretSchema } from "../../server/endpoints/endpoint-name";
import { endpointSecrets } from "../../server/endpoints/endpoint-secrets";
import { AppError } from "../../server/errors";
import { registerTransaction, type RegisterTransaction } from "../../server/transactions/register-transaction";
import { UsageError } from "../usage";
import { parseFlags, print, withDatabase } from "./with-database";

async function secretsFor(endpoint: string): Promise<string[]> {
  const found = await endpointSecrets(endpoint);
  if (!found) throw new AppError("endpoint_not_found", `no endpoint named "${endpoint}"`);
  if (found.secrets.length === 0) throw new AppError("invalid_request", `endpoint "${endpoint}" has no active secret: hookwarden secret add ${endpoint}`);
  return found.secrets.map((candidate) => candidate.secret);
}

/** Registers the scenarios' payments through the REST API (with an API key) or straight in the database. */
async function register(registrations: RegisterTransaction[], base: string, apiKey: string | undefined): Promise<void> {
  for (const terms of registrations) {
    if (!apiKey) {
      await registerTransaction(terms);
      continue;
    }
    const response = await fetch(`${base}/api/v1/transactions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify(terms),
    });
    if (response.status >= 300) throw new AppError("internal", `registering ${terms.reference} was answered ${response.status}`);
  }
}

/** The demo Stripe's control API (a local fake of Stripe's API), when it answers; null otherwise. */
async function findDemoStripe(url: string | undefined): Promise<string | null> {
  const base = (url ?? `http://127.0.0.1:${process.env.HOOKWARDEN_DEMO_STRIPE_PORT || 12111}`).replace(/\/$/, "");
  try {
    const response = await fetch(`${base}/_fake/stats`, { signal: AbortSignal.timeout(1_000) });
    return response.ok ? base : null;
  } catch {
    if (url) throw new AppError("invalid_request", `the demo Stripe does not answer at ${base}`);
    return null;
  }
}

async function tellStripe(base: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${base}/_fake/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new AppError("internal", `the demo Stripe refused ${path}: ${response.status} ${await response.text()}`);
}

/** Makes Stripe's API (the demo fake) know what this scenario says Stripe knows. */
async function scriptStripe(base: string, scenario: Scenario, phase: "before" | "after"): Promise<void> {
  if (phase === "before") {
    const known: StripeEventJson[] = scenario.batches.flat().filter((delivery) => !delivery.unknownToStripe).map((delivery) => delivery.event);
    const events = [
      ...known.map((event) => ({ event, deliverySuccess: true, storeObject: true })),
      ...(scenario.missedAtStripe ?? []).map((event) => ({ event, deliverySuccess: false, storeObject: true })),
    ];
    if (events.length > 0) await tellStripe(base, "events", events);
    return;
  }
  for (const change of scenario.changedAtStripe ?? []) await tellStripe(base, `objects/${change.collection}`, change.object);
}

/** The secret a scenario file is signed with when --secret is not given (the README's demo secret). */
export const DEMO_SECRET = "whsec_local_demo_secret";

type FileFlags = { scenario?: string; out?: string; secret?: string; endpoint?: string; seed?: string; start?: string };

/**
 * `simulate --scenario <name> --out <file.jsonl>`: writes a labelled detection scenario as replay lines
 * (`hookwarden detect --replay`). Needs no server and no database.
 */
function writeScenarioFile(values: FileFlags): void {
  const name = values.scenario;
  if (!name || !isDetectionScenario(name)) throw new UsageError(`with --out, --scenario must be one of ${DETECTION_SCENARIO_NAMES.join(", ")}`);
  const secret = values.secret ?? DEMO_SECRET;
  if (!WebhookSecretSchema.safeParse(secret).success) throw new UsageError("--secret must look like whsec_ followed by letters and digits");
  const endpoint = values.endpoint ?? DEFAULT_ENDPOINT;
  if (!EndpointNameSchema.safeParse(endpoint).success) throw new UsageError(`--endpoint "${endpoint}" is not an endpoint name (lowercase letters, digits and dashes)`);
  if (values.seed !== undefined && !/^\d{1,10}$/.test(values.seed)) throw new UsageError("--seed must be a whole number from 0 to 4294967295");
  const seed = values.seed !== undefined ? Number(values.seed) : randomInt(0, 2 ** 32 - 1);
  if (seed > 2 ** 32 - 1) throw new UsageError("--seed must be a whole number from 0 to 4294967295");
  const start = values.start !== undefined ? new Date(values.start) : undefined;
  if (start && (!/^\d{4}-\d{2}-\d{2}/.test(values.start!) || Number.isNaN(start.getTime()))) throw new UsageError("--start must be an ISO date or time, such as 2026-11-09 or 2026-11-09T00:00:00Z");

  const lines = generateDetectionScenario(name, { seed, secret, endpoint, start });
  const text = scenarioFileText(lines);
  writeFileSync(values.out!, text);
  const labels = new Map<string, number>();
  for (const line of lines) labels.set(line.label, (labels.get(line.label) ?? 0) + 1);
  const counts = [...labels].map(([label, count]) => `${count} ${label}`).join(", ");
  print(`Wrote ${values.out}: scenario ${name}, seed ${seed}, ${lines.length} deliveries (${counts}), ${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB`);
  print(`  from ${lines[0]?.at ?? "-"} to ${lines[lines.length - 1]?.at ?? "-"}, endpoint "${endpoint}"`);
  print(`Replay it: npx hookwarden detect --replay ${values.out} --secret ${endpoint}=${values.secret ? "whsec_..." : DEMO_SECRET}`);
}

/** Sends realistic, signed Stripe event sequences to a running Hookwarden, or writes a detection scenario to a file (--out). */
export async function simulateCommand(args: string[]): Promise<void> {
  const { values } = parseFlags(args, {
    url: { type: "string" },
    endpoint: { type: "string" },
    scenario: { type: "string" },
    secret: { type: "string" },
    "api-key": { type: "string" },
    "no-register": { type: "boolean" },
    stripe: { type: "string" },
    out: { type: "string" },
    seed: { type: "string" },
    start: { type: "string" },
  });
  if (values.out !== undefined) {
    const live = (["url", "api-key", "no-register", "stripe"] as const).find((flag) => values[flag] !== undefined);
    if (live) throw new UsageError(`--${live} is for sending to a running server; --out writes a file`);
    return writeScenarioFile(values);
  }
  if (values.seed !== undefined || values.start !== undefined) throw new UsageError("--seed and --start go with --out (a scenario file)");
  const scenarioName = values.scenario ?? "all";
  // A detection scenario spans days: it is only written to a file. (card-testing is also a short live scenario, sent as before.)
  if (isDetectionScenario(scenarioName) && !SCENARIOS[scenarioName]) {
    throw new UsageError(`scenario "${scenarioName}" spans days: write it to a file with --out FILE, then replay it with hookwarden detect`);
  }
  if (scenarioName !== "all" && !SCENARIOS[scenarioName]) throw new UsageError(`--scenario must be all or one of ${SCENARIO_NAMES.join(", ")}`);
  if (values.stripe !== undefined && !/^https?:\/\//.test(values.stripe)) throw new UsageError("--stripe must start with http:// or https://");
  const demoStripe = await findDemoStripe(values.stripe);
  const base = (values.url ?? `http://localhost:${process.env.PORT || 3000}`).replace(/\/$/, "");
  if (!/^https?:\/\//.test(base)) throw new UsageError("--url must start with http:// or https://");
  const endpoint = values.endpoint ?? DEFAULT_ENDPOINT;
  const target = endpoint === DEFAULT_ENDPOINT ? `${base}/api/stripe/webhook` : `${base}/api/stripe/webhook/${endpoint}`;
  const names = scenarioName === "all" ? allScenarioNames(demoStripe !== null) : [scenarioName];
  const scenarios = names.map((name) => SCENARIOS[name]!());
  const needy = scenarios.find((scenario) => scenario.needsStripe);
  if (needy && !demoStripe) {
    throw new UsageError(`scenario "${needy.name}" needs Stripe's API: start Hookwarden with HOOKWARDEN_DEMO_STRIPE=1 (a local fake of Stripe), or pass --stripe URL`);
  }
  const registrations = values["no-register"] ? [] : scenarios.flatMap((scenario) => scenario.registrations);
  // The database is needed for the secrets unless --secret is given, and for registering unless --api-key is.
  const needsDatabase = !values.secret || (registrations.length > 0 && !values["api-key"]);
  const prepare = async () => {
    const secrets = values.secret ? [values.secret] : await secretsFor(endpoint);
    await register(registrations, base, values["api-key"]);
    return secrets;
  };
  const secrets = needsDatabase ? await withDatabase(prepare) : await prepare();
  if (registrations.length > 0) {
    print(`Registered ${registrations.length} expected payment(s):`);
    for (const terms of registrations) print(`  ${terms.reference}`);
  }

  const send = async ({ event, signatureTimestamp, note }: PlannedDelivery) => {
    const body = JSON.stringify(event);
    const header = stripeSignatureHeader(body, secrets, signatureTimestamp);
    let status: number;
    let answer: string;
    try {
      const response = await fetch(target, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": header }, body });
      status = response.status;
      answer = await response.text();
    } catch (error) {
      throw new AppError("internal", `cannot reach ${target}: is Hookwarden running? (${error instanceof Error ? error.message : String(error)})`);
    }
    print(`${status}  ${event.type.padEnd(34)} ${event.id}  ${note ?? ""} ${answer}`);
    return status;
  };

  const statuses: number[] = [];
  for (const scenario of scenarios) {
    print(`\n# ${scenario.name}: ${scenario.description}`);
    if (demoStripe) await scriptStripe(demoStripe, scenario, "before");
    for (const event of scenario.missedAtStripe ?? []) print(`---  ${event.type.padEnd(34)} ${event.id}  created at Stripe, never delivered`);
    for (const batch of scenario.batches) statuses.push(...(await Promise.all(batch.map(send))));
    if (demoStripe) await scriptStripe(demoStripe, scenario, "after");
    for (const change of scenario.changedAtStripe ?? []) print(`---  ${change.object.id} changed at Stripe (${String(change.object.status)}), no webhook`);
  }
  const failed = statuses.filter((status) => status !== 200).length;
  print(`\n${statuses.length - failed} of ${statuses.length} deliveries answered 200 by ${target}`);
  if (failed > 0) throw new AppError("internal", `${failed} deliveries were not accepted`);
}
