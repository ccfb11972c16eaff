import { stripeSignatureHeader } from "../simulate/sign";
import { SCENARIO_NAMES, SCENARIOS, type PlannedDelivery } from "../simulate/scenarios";
import { DEFAULT_ENDPOINT } from "../../server/endpoints/endpoint-name";
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

/** Sends realistic, signed Stripe event sequences to a running Hookwarden. */
export async function simulateCommand(args: string[]): Promise<void> {
  const { values } = parseFlags(args, {
    url: { type: "string" },
    endpoint: { type: "string" },
    scenario: { type: "string" },
    secret: { type: "string" },
    "api-key": { type: "string" },
    "no-register": { type: "boolean" },
  });
  const scenarioName = values.scenario ?? "all";
  if (scenarioName !== "all" && !SCENARIOS[scenarioName]) throw new UsageError(`--scenario must be all or one of ${SCENARIO_NAMES.join(", ")}`);
  const base = (values.url ?? `http://localhost:${process.env.PORT || 3000}`).replace(/\/$/, "");
  if (!/^https?:\/\//.test(base)) throw new UsageError("--url must start with http:// or https://");
  const endpoint = values.endpoint ?? DEFAULT_ENDPOINT;
  const target = endpoint === DEFAULT_ENDPOINT ? `${base}/api/stripe/webhook` : `${base}/api/stripe/webhook/${endpoint}`;
  const names = scenarioName === "all" ? SCENARIO_NAMES : [scenarioName];
  const scenarios = names.map((name) => SCENARIOS[name]!());
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
    for (const batch of scenario.batches) statuses.push(...(await Promise.all(batch.map(send))));
  }
  const failed = statuses.filter((status) => status !== 200).length;
  print(`\n${statuses.length - failed} of ${statuses.length} deliveries answered 200 by ${target}`);
  if (failed > 0) throw new AppError("internal", `${failed} deliveries were not accepted`);
}
