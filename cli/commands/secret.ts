import { addSigningSecret } from "../../server/endpoints/add-signing-secret";
import { addSigningSecretReference } from "../../server/endpoints/add-signing-secret-reference";
import { UsageError } from "../usage";
import { secretRotationCommand } from "./secret-rotation";
import { parseFlags, print, withDatabase } from "./with-database";

/** A secret from standard input, never from a flag (flags end up in shell history and `ps`). */
export async function readStdinSecret(prompt: string): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write(`${prompt}\n`);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").trim();
}

export async function secretCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === "add") {
    const { values, positionals } = parseFlags(rest, { secret: { type: "string" }, from: { type: "string" }, label: { type: "string" }, "expires-in": { type: "string" } }, 1);
    const endpointName = positionals[0];
    if (!endpointName) throw new UsageError("secret add needs an endpoint name");
    const hours = values["expires-in"];
    if (hours !== undefined && !/^[0-9]+$/.test(hours)) throw new UsageError("--expires-in is a whole number of hours");
    if (values.secret !== undefined && values.from !== undefined) throw new UsageError("give either --secret or --from, not both");
    const expiresAt = hours ? new Date(Date.now() + Number(hours) * 3_600_000) : undefined;
    const reference = values.from;
    if (reference !== undefined) {
      // The secret stays at its provider: Hookwarden stores the reference and the value's fingerprint.
      const row = await withDatabase(() => addSigningSecretReference({ endpointName, reference, source: "cli", label: values.label, expiresAt }));
      print(`Secret ${row.fingerprint} from ${row.reference} is active on "${endpointName}"${row.expiresAt ? ` until ${row.expiresAt.toISOString()}` : ""}.`);
      return;
    }
    const secret = values.secret ?? (await readStdinSecret("Paste the signing secret (whsec_...) and press Enter, then Ctrl-D:"));
    const row = await withDatabase(() => addSigningSecret({ endpointName, secret, source: "cli", label: values.label, expiresAt }));
    print(`Secret ${row.fingerprint} is active on "${endpointName}"${row.expiresAt ? ` until ${row.expiresAt.toISOString()}` : ""}.`);
    return;
  }
  if (action && ["list", "roll", "retire", "rotate", "rotation", "rollback", "policy"].includes(action)) {
    return secretRotationCommand(action, rest, () => readStdinSecret("Paste the new signing secret (whsec_...) and press Enter, then Ctrl-D:"));
  }
  throw new UsageError(action ? `unknown secret action "${action}"` : "secret needs an action: add, list, roll, retire, rotate, rotation, rollback or policy");
}
