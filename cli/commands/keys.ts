import { encryptionKeyStatus, type EncryptionKeyStatus } from "../../server/crypto/encryption-key-status";
import { KEYRING_REFRESH_MS } from "../../server/crypto/keyring";
import { DEFAULT_ROTATION_BATCH_SIZE, rotateEncryptionKey, type RotationEvent } from "../../server/crypto/rotate-encryption-key";
import { UsageError } from "../usage";
import { cliContext } from "./cli-context";
import { parseFlags, print, withDatabase } from "./with-database";

const when = (date: Date | null) => (date ? date.toISOString() : "-");

function describeStatus(status: EncryptionKeyStatus): string[] {
  const lines = ["version  status    created                   activated                 retired"];
  for (const key of status.keys) {
    lines.push(`${String(key.version).padEnd(8)} ${key.status.padEnd(9)} ${when(key.createdAt).padEnd(25)} ${when(key.activatedAt).padEnd(25)} ${when(key.retiredAt).padEnd(25)}${key.master ? " (the master key, HOOKWARDEN_ENCRYPTION_KEY)" : ""}`);
  }
  lines.push("", "Ciphertexts by key version:");
  for (const column of status.columns) {
    const counts = Object.entries(column.byVersion).map(([version, count]) => `v${version}: ${count}`);
    if (column.unreadable > 0) counts.push(`not Hookwarden ciphertexts: ${column.unreadable}`);
    lines.push(`  ${column.column.padEnd(36)} ${(counts.join(", ") || "none").padEnd(24)} (${column.holds})`);
  }
  if (status.unfinished) lines.push("", `A rotation to key version ${status.unfinished.version} is unfinished (${status.unfinished.step}): run hookwarden keys rotate --resume`);
  return lines;
}

/** Prints a rotation's steps and, at most once a second per column, its progress (on stderr: stdout keeps the result). */
function progressPrinter(): (event: RotationEvent) => void {
  const lastPrinted = new Map<string, number>();
  const say = (line: string) => process.stderr.write(`${line}\n`);
  return (event) => {
    if (event.kind === "started") say(event.resumed ? `Resuming the unfinished rotation to key version ${event.version}.` : `Rotating to key version ${event.version}.`);
    if (event.kind === "waiting") {
      const seconds = Math.ceil(event.ms / 1000);
      say(
        event.until === "readable everywhere"
          ? `  Waiting ${seconds} s until every Hookwarden process can read version ${event.version} (each re-reads its keys every ${KEYRING_REFRESH_MS / 1000} s)...`
          : `  Waiting ${seconds} s until no Hookwarden process still encrypts with an old key...`,
      );
    }
    if (event.kind === "activated") say(`  Version ${event.version} is current: new records are encrypted with it.`);
    if (event.kind === "progress") {
      const now = Date.now();
      if (!event.finished && (event.done === event.total || now - (lastPrinted.get(event.column) ?? 0) < 1_000)) return;
      lastPrinted.set(event.column, now);
      const pass = event.pass > 1 ? ` (pass ${event.pass})` : "";
      if (event.total === 0) say(`  ${event.column}${pass}: nothing to re-encrypt`);
      else say(`  ${event.column}${pass}: ${event.done}/${event.total} re-encrypted (${Math.round((100 * event.done) / event.total)}%), ${event.rate}/s`);
    }
  };
}

export async function keysCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === "status") {
    parseFlags(rest, {});
    print(describeStatus(await withDatabase(encryptionKeyStatus)));
    return;
  }
  if (action === "rotate") {
    const { values } = parseFlags(rest, { resume: { type: "boolean" }, "batch-size": { type: "string" } });
    const batchSize = values["batch-size"] === undefined ? DEFAULT_ROTATION_BATCH_SIZE : Number(values["batch-size"]);
    if (!/^[0-9]+$/.test(values["batch-size"] ?? "1") || batchSize < 1 || batchSize > 10_000) throw new UsageError("--batch-size is a whole number of records from 1 to 10000");
    const result = await withDatabase(() => rotateEncryptionKey({ resumeOnly: values.resume ?? false, batchSize, report: progressPrinter() }, cliContext()));
    if (!result) {
      print("No unfinished key rotation: nothing to resume.");
      return;
    }
    const retired = result.retired.length > 0 ? `version ${result.retired.join(", ")} retired (kept: backups may still hold their ciphertexts)` : "no version to retire";
    print(`Key version ${result.version} is current; ${retired}; ${result.reencrypted} records re-encrypted.`);
    return;
  }
  throw new UsageError(action ? `unknown keys action "${action}"` : "keys needs an action: status or rotate");
}
