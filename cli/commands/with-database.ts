import { parseArgs, type ParseArgsConfig } from "node:util";
import { loadKeyring, unloadKeyring } from "../../server/crypto/load-keyring";
import { disconnect } from "../../server/db";
import { prepareRuntime } from "../../server/embedded/prepare-runtime";
import { UsageError } from "../usage";

/**
 * Runs a command against the product's database with its encryption keys loaded, then closes
 * it (and stops PostgreSQL if we started it).
 */
export async function withDatabase<T>(work: () => Promise<T>): Promise<T> {
  const runtime = await prepareRuntime({ quiet: true });
  try {
    await loadKeyring();
    return await work();
  } finally {
    unloadKeyring();
    await disconnect();
    await runtime.stop();
  }
}

/** node:util parseArgs, strict: an unknown flag is a usage error that changes nothing. */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T, positionals = 0) {
  const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  if (parsed.positionals.length > positionals) throw new UsageError(`unexpected argument "${parsed.positionals[positionals]}"`);
  return parsed;
}

/** The `--reason` an audited command needs: missing or blank is a usage error, and nothing changes. */
export function requireReason(reason: string | undefined, command: string): string {
  if (!reason?.trim()) throw new UsageError(`${command} needs --reason TEXT (kept in the audit log)`);
  return reason;
}

export function print(lines: string[] | string): void {
  process.stdout.write((Array.isArray(lines) ? lines.join("\n") : lines) + "\n");
}
