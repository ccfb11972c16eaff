import { addEndpoint } from "../../server/endpoints/add-endpoint";
import { listEndpoints } from "../../server/endpoints/list-endpoints";
import { setEndpointStripeKey } from "../../server/endpoints/set-endpoint-stripe-key";
import { cliContext } from "./cli-context";
import { readStdinSecret } from "./secret";
import { UsageError } from "../usage";
import { parseFlags, print, withDatabase } from "./with-database";

export async function endpointCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === "add") {
    const { values, positionals } = parseFlags(rest, { description: { type: "string" }, tolerance: { type: "string" } }, 1);
    const name = positionals[0];
    if (!name) throw new UsageError("endpoint add needs a name");
    if (values.tolerance !== undefined && !/^[0-9]+$/.test(values.tolerance)) throw new UsageError("--tolerance is a whole number of seconds");
    const endpoint = await withDatabase(() =>
      addEndpoint({ name, description: values.description, toleranceSeconds: values.tolerance ? Number(values.tolerance) : undefined }),
    );
    print([`Endpoint "${endpoint.name}" created.`, `Stripe should send its events to: /api/stripe/webhook/${endpoint.name}`, `Next: hookwarden secret add ${endpoint.name}`]);
    return;
  }
  if (action === "list") {
    parseFlags(rest, {});
    const endpoints = await withDatabase(listEndpoints);
    if (endpoints.length === 0) print("No endpoints yet. Set STRIPE_WEBHOOK_SECRET and start the server, or: hookwarden endpoint add <name>");
    for (const endpoint of endpoints) {
      const path = endpoint.name === "default" ? "/api/stripe/webhook" : `/api/stripe/webhook/${endpoint.name}`;
      const active = endpoint.secrets.filter((secret) => secret.status === "active").length;
      print(`${endpoint.name.padEnd(20)} ${path.padEnd(36)} ${active} active secret(s)  ${endpoint._count.events} event(s)`);
    }
    return;
  }
  if (action === "set-stripe-key") {
    const { values, positionals } = parseFlags(rest, { remove: { type: "boolean" }, from: { type: "string" } }, 1);
    const name = positionals[0];
    if (!name) throw new UsageError("endpoint set-stripe-key needs an endpoint name");
    if (values.remove && values.from !== undefined) throw new UsageError("give either --from or --remove, not both");
    const reference = values.from;
    if (reference !== undefined) {
      // The key stays at its provider: Hookwarden stores the reference and the key's fingerprint.
      const result = await withDatabase(() => setEndpointStripeKey({ name, reference }, cliContext()));
      print(`Stripe API key for "${name}" is read from ${result.reference} (fingerprint ${result.fingerprint}).`);
      return;
    }
    const apiKey = values.remove ? null : await readStdinSecret("Paste the restricted Stripe key (rk_...) and press Enter, then Ctrl-D:");
    const result = await withDatabase(() => setEndpointStripeKey({ name, apiKey }, cliContext()));
    print(result.fingerprint ? `Stripe API key for "${name}" stored encrypted (fingerprint ${result.fingerprint}).` : `Stripe API key for "${name}" removed.`);
    return;
  }
  throw new UsageError(action ? `unknown endpoint action "${action}"` : "endpoint needs an action: add, list or set-stripe-key");
}
