import { createDestination } from "../../server/destinations/create-destination";
import { deleteDestination } from "../../server/destinations/delete-destination";
import { DELIVERY_STATUSES, type DeliveryStatus } from "../../server/destinations/destination-states";
import type { DestinationSummary } from "../../server/destinations/destination-summary";
import { getDestination, listDestinations, type DestinationCounts, type DestinationDeliveryView, type DestinationListItem } from "../../server/destinations/list-destinations";
import { pauseDestination, resumeDestination } from "../../server/destinations/pause-destination";
import { retryDestinationDeliveries } from "../../server/destinations/retry-destination-deliveries";
import { rotateDestinationSecret } from "../../server/destinations/rotate-destination-secret";
import { updateDestination } from "../../server/destinations/update-destination";
import { UsageError } from "../usage";
import { cliContext } from "./cli-context";
import { parseFlags, print, requireReason, withDatabase } from "./with-database";

const refOf = (destination: DestinationSummary) => `${destination.endpoint}/${destination.name}`;

/** The backlog in one line: what waits, what failed, what is dead, what got through. */
function backlogLine(counts: DestinationCounts): string {
  const oldest = counts.oldestPendingAt ? `; oldest pending since ${counts.oldestPendingAt}` : "";
  return `${counts.pending} pending (${counts.failing} failing), ${counts.dead} dead, ${counts.deliveredLastDay} delivered in the last day${oldest}`;
}

function settingsLines(destination: DestinationListItem): string[] {
  const state = destination.state === "paused" ? `PAUSED since ${destination.pausedAt}: ${destination.pausedReason ?? "no reason given"}` : "active";
  const previous = destination.previousSecret ? `; the previous secret (${destination.previousSecret.fingerprint}) signs too until ${destination.previousSecret.expiresAt}` : "";
  const health = destination.failingSince
    ? `failing since   ${destination.failingSince} (${destination.consecutiveFailures} failed attempts in a row)`
    : `last success    ${destination.lastSuccessAt ?? "none yet"}`;
  return [
    `${refOf(destination)} (id ${destination.id}): ${state}`,
    `  url             ${destination.url}${destination.allowInternal ? "  (may reach internal addresses)" : ""}`,
    `  event types     ${destination.eventTypes.join(", ")}`,
    `  released events ${destination.forwardReleased ? "forwarded" : "not forwarded"}`,
    `  signing secret  ${destination.secretFingerprint}${previous}`,
    `  backlog         ${backlogLine(destination.counts)}`,
    `  ${health}`,
  ];
}

function deliveryLines(delivery: DestinationDeliveryView): string[] {
  const when =
    delivery.status === "delivered" ? `delivered ${delivery.deliveredAt}` : delivery.status === "pending" ? `next attempt ${delivery.nextAttemptAt}` : `dead (retry window ended ${delivery.deadline})`;
  const lines = [
    `  ${delivery.id.padStart(6)}  ${delivery.createdAt}  ${delivery.status.padEnd(9)} ${String(delivery.attempts).padStart(2)} attempt(s)  ${delivery.stripeEventId}  ${delivery.type}  ${delivery.customer ?? "-"}  ${when}`,
  ];
  if (delivery.status !== "delivered" && delivery.lastError) lines.push(`          last error: ${delivery.lastError}`);
  for (const attempt of delivery.recentAttempts) {
    const status = attempt.statusCode === null ? "---" : String(attempt.statusCode);
    lines.push(`          ${attempt.at}  ${attempt.outcome.padEnd(9)} ${status} ${`${attempt.latencyMs} ms`.padStart(8)}${attempt.responseExcerpt ? `  "${attempt.responseExcerpt}"` : attempt.error ? `  ${attempt.error}` : ""}`);
  }
  return lines;
}

function deliveryStatus(value: string | undefined): DeliveryStatus | undefined {
  if (value === undefined) return undefined;
  if (!(DELIVERY_STATUSES as readonly string[]).includes(value)) throw new UsageError(`--status must be one of ${DELIVERY_STATUSES.join(", ")}`);
  return value as DeliveryStatus;
}

/** `--flag` or `--no-flag` (or neither: unchanged). */
function toggle(values: Record<string, unknown>, flag: string): boolean | undefined {
  if (values[flag] && values[`no-${flag}`]) throw new UsageError(`give --${flag} or --no-${flag}, not both`);
  return values[flag] ? true : values[`no-${flag}`] ? false : undefined;
}

function needsRef(positionals: string[], command: string): string {
  if (!positionals[0]) throw new UsageError(`destination ${command} needs a destination: its id or endpoint/name`);
  return positionals[0];
}

/**
 * `hookwarden destination list|show|add|update|pause|resume|retry|rotate-secret|delete`: the
 * destinations processed events are forwarded to, the same domain calls as the console and the
 * REST API, audited as the CLI. A signing secret is printed once, by add and rotate-secret.
 */
export async function destinationCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === "list") {
    const { values } = parseFlags(rest, { endpoint: { type: "string" }, json: { type: "boolean" } });
    const destinations = await withDatabase(() => listDestinations({ endpoint: values.endpoint }));
    if (values.json) return print(JSON.stringify(destinations, null, 2));
    if (destinations.length === 0) {
      return print(
        `No destination${values.endpoint ? ` on endpoint "${values.endpoint}"` : ""} yet: processed events are forwarded nowhere. hookwarden destination add --endpoint default --name orders-app --url https://app.example.com/hooks --types "payment_intent.*,invoice.paid"`,
      );
    }
    for (const destination of destinations) {
      print([
        `${refOf(destination).padEnd(32)} ${(destination.state === "paused" ? "PAUSED" : "active").padEnd(7)} ${destination.url}  ${destination.eventTypes.join(", ")}`,
        ...(destination.state === "paused" ? [`    paused since ${destination.pausedAt}: ${destination.pausedReason ?? "no reason given"}`] : []),
        `    ${backlogLine(destination.counts)}`,
      ]);
    }
    return;
  }
  if (action === "show") {
    const { values, positionals } = parseFlags(rest, { status: { type: "string" }, before: { type: "string" }, json: { type: "boolean" } }, 1);
    const ref = needsRef(positionals, "show");
    const status = deliveryStatus(values.status);
    if (values.before !== undefined && !/^[0-9]{1,19}$/.test(values.before)) throw new UsageError("--before is a delivery number, as the previous page's last line prints it");
    const view = await withDatabase(() => getDestination(ref, { status, before: values.before }));
    if (values.json) return print(JSON.stringify(view, null, 2));
    const heading = `Deliveries${status ? ` (${status})` : ""}, newest first${values.before ? `, before ${values.before}` : ""}:`;
    print([
      ...settingsLines(view.destination),
      heading,
      ...(view.deliveries.length === 0 ? ["  none"] : view.deliveries.flatMap(deliveryLines)),
      ...(view.nextBefore ? [`Older: hookwarden destination show ${refOf(view.destination)}${status ? ` --status ${status}` : ""} --before ${view.nextBefore}`] : []),
    ]);
    return;
  }
  if (action === "add") {
    const { values } = parseFlags(rest, {
      endpoint: { type: "string" },
      name: { type: "string" },
      url: { type: "string" },
      types: { type: "string" },
      "forward-released": { type: "boolean" },
      "allow-internal": { type: "boolean" },
    });
    for (const flag of ["endpoint", "name", "url", "types"] as const) {
      if (!values[flag]) throw new UsageError(`destination add needs --${flag}`);
    }
    const input = { endpoint: values.endpoint, name: values.name, url: values.url, eventTypes: values.types, forwardReleased: values["forward-released"] ?? false, allowInternal: values["allow-internal"] ?? false };
    const added = await withDatabase(() => createDestination(input, cliContext()));
    print([
      `Destination ${refOf(added)} added (id ${added.id}): processed ${added.eventTypes.join(", ")} events of "${added.endpoint}" are forwarded to ${added.url}${added.forwardReleased ? ", released ones included" : ""}.`,
      `Signing secret (shown once; give it to your app, which verifies each message with it): ${added.signingSecret}`,
      `Its fingerprint, which is all Hookwarden shows from now on: ${added.secretFingerprint}`,
    ]);
    return;
  }
  if (action === "update") {
    const { values, positionals } = parseFlags(
      rest,
      {
        url: { type: "string" },
        types: { type: "string" },
        "forward-released": { type: "boolean" },
        "no-forward-released": { type: "boolean" },
        "allow-internal": { type: "boolean" },
        "no-allow-internal": { type: "boolean" },
      },
      1,
    );
    const ref = needsRef(positionals, "update");
    const change = { destination: ref, url: values.url, eventTypes: values.types, forwardReleased: toggle(values, "forward-released"), allowInternal: toggle(values, "allow-internal") };
    if (Object.values(change).filter((value) => value !== undefined).length === 1) {
      throw new UsageError("destination update needs at least one of --url, --types, --forward-released/--no-forward-released, --allow-internal/--no-allow-internal");
    }
    const updated = await withDatabase(() => updateDestination(change, cliContext()));
    print(`Destination ${refOf(updated)} changed: ${updated.url}, ${updated.eventTypes.join(", ")}; released events ${updated.forwardReleased ? "forwarded" : "not forwarded"}; internal addresses ${updated.allowInternal ? "allowed" : "refused"}.`);
    return;
  }
  if (action === "pause") {
    const { values, positionals } = parseFlags(rest, { reason: { type: "string" } }, 1);
    const ref = needsRef(positionals, "pause");
    const reason = requireReason(values.reason, "destination pause");
    const paused = await withDatabase(() => pauseDestination({ destination: ref, reason }, cliContext()));
    print(`Destination ${refOf(paused)} paused: nothing is sent to it, its deliveries wait and none is lost. hookwarden destination resume ${refOf(paused)} sends them.`);
    return;
  }
  if (action === "resume") {
    const { positionals } = parseFlags(rest, {}, 1);
    const ref = needsRef(positionals, "resume");
    const resumed = await withDatabase(() => resumeDestination({ destination: ref }, cliContext()));
    print(`Destination ${refOf(resumed)} resumed: ${resumed.backlog} waiting deliver${resumed.backlog === 1 ? "y is" : "ies are"} sent now, in order, each with a fresh retry window.`);
    return;
  }
  if (action === "retry") {
    const { values, positionals } = parseFlags(rest, { reason: { type: "string" }, from: { type: "string" }, to: { type: "string" }, failing: { type: "boolean" } }, 1);
    const ref = needsRef(positionals, "retry");
    const reason = requireReason(values.reason, "destination retry");
    const which = values.failing ? "failing" : "dead";
    const { retried } = await withDatabase(() => retryDestinationDeliveries({ destination: ref, reason, from: values.from, to: values.to, which }, cliContext()));
    const range = values.from || values.to ? ` written ${values.from ? `from ${values.from}` : ""}${values.from && values.to ? " " : ""}${values.to ? `until ${values.to}` : ""}` : "";
    print(`${retried} ${which} deliver${retried === 1 ? "y" : "ies"} of ${ref}${range} sent again now, each with a fresh retry window and its webhook-id kept.`);
    return;
  }
  if (action === "rotate-secret") {
    const { positionals } = parseFlags(rest, {}, 1);
    const ref = needsRef(positionals, "rotate-secret");
    const rotated = await withDatabase(() => rotateDestinationSecret({ destination: ref }, cliContext()));
    print([
      `New signing secret of ${refOf(rotated)} (shown once; give it to your app): ${rotated.signingSecret}`,
      rotated.previousSecret
        ? `Until ${rotated.previousSecret.expiresAt} each message is signed with the new and the previous secret (${rotated.previousSecret.fingerprint}): switch your app to the new one before then.`
        : "The previous secret stopped signing at once (HOOKWARDEN_DESTINATION_SECRET_GRACE_HOURS is 0).",
    ]);
    return;
  }
  if (action === "delete") {
    const { values, positionals } = parseFlags(rest, { reason: { type: "string" } }, 1);
    const ref = needsRef(positionals, "delete");
    const reason = requireReason(values.reason, "destination delete");
    const deleted = await withDatabase(() => deleteDestination({ destination: ref, reason }, cliContext()));
    print(`Destination ${deleted.deleted} deleted with its deliveries (${deleted.pendingDropped} still waiting were dropped); the events stay in the ledger.`);
    return;
  }
  throw new UsageError(action ? `unknown destination action "${action}"` : "destination needs an action: list, show, add, update, pause, resume, retry, rotate-secret or delete");
}
