import { AppError } from "../server/errors";
import { EnvError } from "../server/env";
import { alertChannelCommand } from "./commands/alert-channel";
import { apiKeyCommand } from "./commands/api-key";
import { customerCommand } from "./commands/customer";
import { destinationCommand } from "./commands/destination";
import { detectCommand } from "./commands/detect";
import { endpointCommand } from "./commands/endpoint";
import { gatekeeperCommand } from "./commands/gatekeeper";
import { keysCommand } from "./commands/keys";
import { reconcileCommand } from "./commands/reconcile";
import { retentionCommand } from "./commands/retention";
import { reviewCommand } from "./commands/review";
import { secretCommand } from "./commands/secret";
import { simulateCommand } from "./commands/simulate";
import { userCommand } from "./commands/user";
import { USAGE, UsageError } from "./usage";

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  endpoint: endpointCommand,
  secret: secretCommand,
  "api-key": apiKeyCommand,
  simulate: simulateCommand,
  detect: detectCommand,
  reconcile: reconcileCommand,
  user: userCommand,
  keys: keysCommand,
  retention: retentionCommand,
  customer: customerCommand,
  review: reviewCommand,
  "alert-channel": alertChannelCommand,
  destination: destinationCommand,
  gatekeeper: gatekeeperCommand,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) throw new UsageError(`unknown command "${command}"`);
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
