import { createAlertChannel } from "../../server/alert-channels/create-alert-channel";
import { deleteAlertChannel } from "../../server/alert-channels/delete-alert-channel";
import { listAlertChannels } from "../../server/alert-channels/list-alert-channels";
import { testAlertChannel } from "../../server/alert-channels/test-alert-channel";
import { UsageError } from "../usage";
import { cliContext } from "./cli-context";
import { readStdinSecret } from "./secret";
import { parseFlags, print, withDatabase } from "./with-database";

const KINDS = ["slack", "webhook", "email"];

/** `hookwarden alert-channel add|list|remove|test`: the destination (a URL that is a credential) comes from standard input, never a flag. */
export async function alertChannelCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === "add") {
    const { values } = parseFlags(rest, {
      kind: { type: "string" },
      name: { type: "string" },
      "min-severity": { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      disabled: { type: "boolean" },
    });
    if (!values.kind || !KINDS.includes(values.kind)) throw new UsageError(`alert-channel add needs --kind ${KINDS.join("|")}`);
    if (!values.name) throw new UsageError("alert-channel add needs --name");
    const email = values.kind === "email";
    if (!email && (values.from !== undefined || values.to !== undefined)) throw new UsageError("--from and --to are for --kind email");
    if (email && (!values.from || !values.to)) throw new UsageError("alert-channel add --kind email needs --from ADDRESS and --to ADDRESS[,ADDRESS...]");
    const destination = await readStdinSecret(
      email ? "Paste the SMTP URL (smtp://user:password@host:587 or smtps://...:465) and press Enter, then Ctrl-D:" : `Paste the ${values.kind === "slack" ? "Slack incoming-webhook" : "webhook"} URL and press Enter, then Ctrl-D:`,
    );
    const input = {
      kind: values.kind,
      name: values.name,
      minSeverity: values["min-severity"],
      enabled: !values.disabled,
      ...(email ? { smtpUrl: destination, from: values.from, to: values.to } : { url: destination }),
    };
    const channel = await withDatabase(() => createAlertChannel(input, cliContext()));
    print(`Alert channel "${channel.name}" (${channel.kind}, ${channel.destination}) added${channel.enabled ? "" : ", disabled"}; id ${channel.id}.`);
    if (channel.signingSecret) {
      print([
        `Signing secret (shown once; give it to the receiver): ${channel.signingSecret}`,
        "Each message carries Hookwarden-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of \"<t>.<body>\"> (see the README).",
      ]);
    }
    print(`Next: hookwarden alert-channel test ${channel.name}`);
    return;
  }
  if (action === "list") {
    parseFlags(rest, {});
    const channels = await withDatabase(listAlertChannels);
    if (channels.length === 0) print("No alert channels yet: alerts are recorded and shown, but sent nowhere. hookwarden alert-channel add --kind slack --name ops-slack");
    for (const channel of channels) {
      const last = channel.lastMessage ? `last ${channel.lastMessage.type} ${channel.lastMessage.outcome} ${channel.lastMessage.at}${channel.lastMessage.error ? `: ${channel.lastMessage.error}` : ""}` : "nothing sent yet";
      print(
        [
          channel.name.padEnd(24),
          channel.kind.padEnd(8),
          channel.destination.padEnd(32),
          (channel.minSeverity === "critical" ? "critical only" : "every alert").padEnd(14),
          (channel.enabled ? "enabled" : "disabled").padEnd(9),
          `${channel.pending} to send, ${channel.failed} given up`.padEnd(26),
          last,
        ].join(" "),
      );
    }
    return;
  }
  if (action === "remove") {
    const { values, positionals } = parseFlags(rest, { reason: { type: "string" } }, 1);
    const id = positionals[0];
    if (!id) throw new UsageError("alert-channel remove needs a channel name or id");
    if (!values.reason) throw new UsageError("alert-channel remove needs --reason TEXT (kept in the audit log)");
    const removed = await withDatabase(() => deleteAlertChannel({ id, reason: values.reason }, cliContext()));
    print(`Alert channel "${removed.name}" deleted.`);
    return;
  }
  if (action === "test") {
    const { positionals } = parseFlags(rest, {}, 1);
    const id = positionals[0];
    if (!id) throw new UsageError("alert-channel test needs a channel name or id");
    const result = await withDatabase(() => testAlertChannel({ id }, cliContext()));
    if (!result.delivered) throw new Error(`the test message to "${result.channel}" failed: ${result.error}`);
    print(`Test message delivered to "${result.channel}" in ${result.durationMs} ms.`);
    return;
  }
  throw new UsageError(action ? `unknown alert-channel action "${action}"` : "alert-channel needs an action: add, list, remove or test");
}
