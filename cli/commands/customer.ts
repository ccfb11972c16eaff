import { writeFile } from "node:fs/promises";
import { eraseCustomerData } from "../../server/customers/erase-customer-data";
import { exportCustomerData } from "../../server/customers/export-customer-data";
import { UsageError } from "../usage";
import { cliContext } from "./cli-context";
import { parseFlags, print, withDatabase } from "./with-database";

/** `hookwarden customer export|erase`: data-subject requests, CLI only (the CLI is trusted like the database). */
export async function customerCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === "export") {
    const { values, positionals } = parseFlags(rest, { out: { type: "string" } }, 1);
    const customerId = positionals[0];
    if (!customerId) throw new UsageError("customer export needs a customer id (cus_...)");
    const out = values.out;
    const output = out
      ? { destination: out, write: (json: string) => writeFile(out, json, { mode: 0o600 }) }
      : { destination: "standard output", write: async (json: string) => void process.stdout.write(json) };
    const { counts } = await withDatabase(() => exportCustomerData(customerId, cliContext(), output));
    const summary = `Exported ${customerId}: ${counts.events} events, ${counts.deliveries} deliveries, ${counts.payments} registered payments, ${counts.subscriptions} subscriptions, ${counts.invoices} invoices, ${counts.quarantine} quarantine items, ${counts.findings} findings.`;
    if (out) print(`${summary} Written to ${out} (readable by you only): it holds the customer's personal data.`);
    else process.stderr.write(`${summary}\n`);
    return;
  }
  if (action === "erase") {
    const { values, positionals } = parseFlags(rest, { reason: { type: "string" } }, 1);
    const customerId = positionals[0];
    if (!customerId) throw new UsageError("customer erase needs a customer id (cus_...)");
    if (!values.reason) throw new UsageError('customer erase needs --reason "..." (why: the request, its ticket)');
    const { counts } = await withDatabase(() => eraseCustomerData({ customerId, reason: values.reason }, cliContext()));
    const changed = Object.entries(counts).map(([table, n]) => `${table} ${n}`);
    print(changed.length > 0 ? `Erased ${customerId}: rows changed: ${changed.join(", ")}. Amounts, statuses, dates and ids are kept.` : `Nothing left to erase for ${customerId}: it was erased already.`);
    return;
  }
  throw new UsageError(action ? `unknown customer action "${action}"` : "customer needs an action: export or erase");
}
