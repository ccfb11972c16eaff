import { addSigningSecret } from "../../server/endpoints/add-signing-secret";
import { addSigningSecretReference } from "../../server/endpoints/add-signing-secret-reference";
import { listEndpoints } from "../../server/endpoints/list-endpoints";
import { AppError } from "../../server/errors";
import { UsageError } from "../usage";
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
  if (action === "list") {
    const { positionals } = parseFlags(rest, {}, 1);
    const endpointName = positionals[0];
    if (!endpointName) throw new UsageError("secret list needs an endpoint name");
    const endpoint = (await withDatabase(listEndpoints)).find((candidate) => candidate.name === endpointName);
    if (!endpoint) throw new AppError("endpoint_not_found", `no endpoint named "${endpointName}"`);
    // Where each secret lives: "database" (stored encrypted) or its reference; never a value.
    const width = Math.max(8, ...endpoint.secrets.map((secret) => secret.reference?.length ?? 0));
    print(`fingerprint   status   source  ${"stored in".padEnd(width)} expires                   last matched              label`);
    for (const secret of endpoint.secrets) {
      print(
        [
          secret.fingerprint.padEnd(13),
          secret.status.padEnd(8),
          secret.source.padEnd(7),
          (secret.reference ?? "database").padEnd(width),
          (secret.expiresAt?.toISOString() ?? "never").padEnd(25),
          (secret.lastMatchedAt?.toISOString() ?? "never").padEnd(25),
          secret.label ?? "",
        ].join(" "),
      );
    }
    return;
  }
  throw new UsageError(action ? `unknown secret action "${action}"` : "secret needs an action: add or list");
}
