import { AppError } from "../server/errors";
import { EnvError } from "../server/env";
import { USAGE, UsageError } from "./usage";

/** Each command's module is loaded only when it runs: a usage error or `--help` loads none of them. */
const COMMANDS: Record<string, () => Promise<(args: string[]) => Promise<void>>> = {
  endpoint: () => import("./commands/endpoint").then((module) => module.endpointCommand),
  secret: () => import("./commands/secret").then((module) => module.secretCommand),
  "api-key": () => import("./commands/api-key").then((module) => module.apiKeyCommand),
  simulate: () => import("./commands/simulate").then((module) => module.simulateCommand),
  detect: () => import("./commands/detect").then((module) => module.detectCommand),
  reconcile: () => import("./commands/reconcile").then((module) => module.reconcileCommand),
  user: () => import("./commands/user").then((module) => module.userCommand),
  keys: () => import("./commands/keys").then((module) => module.keysCommand),
  retention: () => import("./commands/retention").then((module) => module.retentionCommand),
  customer: () => import("./commands/customer").then((module) => module.customerCommand),
  review: () => import("./commands/review").then((module) => module.reviewCommand),
  "alert-channel": () => import("./commands/alert-channel").then((module) => module.alertChannelCommand),
  gatekeeper: () => import("./commands/gatekeeper").then((module) => module.gatekeeperCommand),
  destination: () => import("./commands/destination").then((module) => module.destinationCommand),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const load = COMMANDS[command];
  if (!load) throw new UsageError(`unknown command "${command}"`);
  const run = await load();
  await run(rest);
  return 0;
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`hookwarden: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (error instanceof AppError || error instanceof EnvError) {
      process.stderr.write(`hookwarden: ${error.message}\n`);
      process.exit(1);
    }
    if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`hookwarden: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    process.stderr.write(`hookwarden: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
