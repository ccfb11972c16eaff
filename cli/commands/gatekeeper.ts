import { env } from "../../server/env";
import { changeBreaker } from "../../server/gatekeeper/breaker/change-breaker";
import { releaseHeldEvents } from "../../server/gatekeeper/breaker/release-held-events";
import { DECISION_KINDS } from "../../server/gatekeeper/decisions";
import { forceOpenBreaker } from "../../server/gatekeeper/force-open-breaker";
import { releaseChosenEvents } from "../../server/gatekeeper/release-chosen-events";
import { addSourceAddress } from "../../server/gatekeeper/sources/add-source-address";
import { liftSourceBlock } from "../../server/gatekeeper/sources/lift-source-block";
import { refreshSourceAddresses } from "../../server/gatekeeper/sources/refresh-source-addresses";
import { removeSourceAddress } from "../../server/gatekeeper/sources/remove-source-address";
import { setSourcePolicy } from "../../server/gatekeeper/sources/set-source-policy";
import { SOURCE_POLICIES, type SourcePolicy } from "../../server/gatekeeper/sources/source-policies";
import type { BreakerView } from "../../server/gatekeeper/views/breaker-view";
import { explanationLines } from "../../server/gatekeeper/views/describe-explanation";
import { getBreakerViewOrThrow } from "../../server/gatekeeper/views/get-breaker-view-or-throw";
import { listBreakers } from "../../server/gatekeeper/views/list-breakers";
import { listDecisions } from "../../server/gatekeeper/views/list-decisions";
import { listSources } from "../../server/gatekeeper/views/list-sources";
import { UsageError } from "../usage";
import { cliContext } from "./cli-context";
import { parseFlags, print, requireReason, withDatabase } from "./with-database";

const STATE_LABEL = { open: "OPEN", half_open: "HALF-OPEN", closed: "closed" } as const;

function hours(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value)) throw new UsageError(`${flag} is a number of hours`);
  return Number(value);
}

function breakerLines(breaker: BreakerView, withExplanation: boolean): string[] {
  const lines = [
    `${STATE_LABEL[breaker.state].padEnd(9)} ${breaker.endpoint}  ${breaker.eventTypes.join(", ")}  held ${breaker.held}  (breaker ${breaker.id})`,
    `          opened ${breaker.openedAt} by ${breaker.openedBy}${breaker.halfOpenAt ? `, half-open ${breaker.halfOpenAt}${breaker.halfOpenBy ? ` by ${breaker.halfOpenBy}` : ""}` : ""}${breaker.closedAt ? `, closed ${breaker.closedAt} by ${breaker.closedBy ?? "-"}` : ""}`,
    `          why: ${breaker.reason}`,
    `          ${breaker.stateMeaning}`,
  ];
  if (breaker.state === "closed" && breaker.held > 0) lines.push(`          still holds ${breaker.held} event(s): npx hookwarden gatekeeper release ${breaker.id} --reason TEXT`);
  if (withExplanation) lines.push(...explanationLines(breaker.explanation, "          "));
  return lines;
}

/** `hookwarden gatekeeper …`: the breakers and their held events, decisions, sources and policies; every change audited as the CLI. */
export async function gatekeeperCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === "status") {
    const { values } = parseFlags(rest, { json: { type: "boolean" } });
    const [breakers, sources] = await withDatabase(() => Promise.all([listBreakers({ history: 5 }), listSources()]));
    if (values.json) return print(JSON.stringify({ breakers, sources }, null, 2));
    const lines = ["Breakers"];
    if (breakers.active.length === 0) lines.push("  none open: every event type is processed as it arrives");
    for (const breaker of breakers.active) lines.push(...breakerLines(breaker, true).map((line) => `  ${line}`));
    if (breakers.history.length) {
      lines.push("", "Recently closed");
      for (const breaker of breakers.history) lines.push(`  ${breaker.closedAt ?? "-"}  ${breaker.endpoint}  ${breaker.eventTypes.join(", ")}  (breaker ${breaker.id})`);
    }
    lines.push("", "Source blocks in force");
    if (sources.blocks.current.length === 0) lines.push("  none");
    for (const block of sources.blocks.current) lines.push(`  ${block.address.padEnd(16)} until ${block.until}  ${block.reason}  (block ${block.id})`);
    lines.push("", "Source policies (verified deliveries from outside Stripe's addresses, last 24 h)");
    for (const policy of sources.policies) lines.push(`  ${policy.endpoint.padEnd(20)} ${policy.policy.padEnd(8)} outside ${policy.outsideDeliveries24h}, refused ${policy.refused24h}`);
    lines.push("", `Stripe's webhook addresses: ${sources.addresses.length} (shipped list of ${sources.list.shippedAsOf}; npx hookwarden gatekeeper sources list)`);
    return print(lines);
  }
  if (action === "decisions") {
    const { values } = parseFlags(rest, { kind: { type: "string" }, endpoint: { type: "string" }, limit: { type: "string" }, json: { type: "boolean" } });
    if (values.limit !== undefined && !/^[0-9]+$/.test(values.limit)) throw new UsageError("--limit is a whole number");
    for (const kind of values.kind?.split(",") ?? []) {
      if (!Object.hasOwn(DECISION_KINDS, kind.trim())) throw new UsageError(`--kind must be one of ${Object.keys(DECISION_KINDS).join(", ")}`);
    }
    const page = await withDatabase(() => listDecisions({ kind: values.kind, endpoint: values.endpoint, limit: values.limit ?? 50 }));
    if (values.json) return print(page.data.map((decision) => JSON.stringify(decision)));
    if (page.data.length === 0) return print("No decisions match.");
    const lines: string[] = [];
    for (const decision of page.data) {
      lines.push(`${decision.at}  ${decision.kind.padEnd(17)} ${(decision.endpoint ?? "-").padEnd(16)} ${decision.summary}`);
      lines.push(...explanationLines(decision.explanation, "    "));
    }
    return print(lines);
  }
  if (action === "breaker") return breakerCommand(rest);
  if (action === "release") {
    const { values, positionals } = parseFlags(rest, { events: { type: "string" }, reason: { type: "string" } }, 1);
    const reason = requireReason(values.reason, "gatekeeper release");
    if ((positionals[0] === undefined) === (values.events === undefined)) throw new UsageError("gatekeeper release needs a breaker id (release all it holds) or --events id,id (release those), not both");
    const released = await withDatabase(() =>
      positionals[0]
        ? releaseHeldEvents({ breakerId: positionals[0], reason }, cliContext())
        : releaseChosenEvents({ eventIds: values.events!.split(",").map((id) => id.trim()).filter(Boolean), reason }, cliContext()),
    );
    return print(`Released ${released.released} held event(s): they are processed now, exactly once, and the release is in the audit log.`);
  }
  if (action === "sources") return sourcesCommand(rest);
  if (action === "policy") {
    const { values, positionals } = parseFlags(rest, { reason: { type: "string" } }, 2);
    const [endpoint, policy] = positionals;
    if (!endpoint || !policy) throw new UsageError("gatekeeper policy needs an endpoint and off|monitor|enforce");
    if (!(SOURCE_POLICIES as readonly string[]).includes(policy)) throw new UsageError("the policy is off, monitor or enforce");
    const result = await withDatabase(() => setSourcePolicy({ endpoint, policy: policy as SourcePolicy, reason: values.reason }, cliContext()));
    const lines = [`${result.changed ? "Source policy of" : "Unchanged source policy of"} "${endpoint}": ${result.policy}.`];
    if (result.policy === "enforce" && result.outsideDeliveries24h > 0) {
      lines.push(
        `Warning: ${result.outsideDeliveries24h} verified deliveries of the last 24 h came from addresses outside Stripe's list; enforce refuses such requests now.`,
        "Behind a proxy or load balancer, list it in HOOKWARDEN_TRUSTED_PROXIES, or enforce refuses Stripe too.",
      );
    }
    return print(lines);
  }
  if (action === "unblock") {
    const { values, positionals } = parseFlags(rest, { reason: { type: "string" } }, 1);
    if (!positionals[0]) throw new UsageError("gatekeeper unblock needs a block id (see gatekeeper status)");
    const reason = requireReason(values.reason, "gatekeeper unblock");
    const lifted = await withDatabase(() => liftSourceBlock({ blockId: positionals[0], reason }, cliContext()));
    return print(`The block of ${lifted.address} is lifted: its requests are verified again.`);
  }
  throw new UsageError(action ? `unknown gatekeeper action "${action}"` : "gatekeeper needs an action: status, decisions, breaker, release, sources, policy or unblock");
}

async function breakerCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === "open") {
    const { values, positionals } = parseFlags(rest, { types: { type: "string" }, reason: { type: "string" }, "shed-hours": { type: "string" } }, 1);
    if (!positionals[0]) throw new UsageError("gatekeeper breaker open needs an endpoint name");
    const reason = requireReason(values.reason, "gatekeeper breaker open");
    const eventTypes = values.types?.split(",").map((type) => type.trim()).filter(Boolean);
    const shedHours = hours(values["shed-hours"], "--shed-hours");
    const opened = await withDatabase(() => forceOpenBreaker({ endpoint: positionals[0], eventTypes, reason, shedHours }, cliContext()));
    const lines = [`Breaker ${opened.id} of "${opened.endpoint}" is open (${opened.transition}) for ${opened.eventTypes.join(", ")}: their events are recorded and acknowledged, their effects held.`];
    if (opened.shedUntil) lines.push(`Shed mode until ${opened.shedUntil} (at most ${env().HOOKWARDEN_SHED_MAX_HOURS} h, HOOKWARDEN_SHED_MAX_HOURS): these types are answered 503 and Stripe retries them (for up to 3 days; it disables an endpoint after about 9 days of failures).`);
    lines.push(`Release: npx hookwarden gatekeeper release ${opened.id} --reason TEXT, or gradually: npx hookwarden gatekeeper breaker half-open ${opened.id} --reason TEXT`);
    return print(lines);
  }
  if (action === "show") {
    const { values, positionals } = parseFlags(rest, { cursor: { type: "string" }, json: { type: "boolean" } }, 1);
    if (!positionals[0]) throw new UsageError("gatekeeper breaker show needs a breaker id");
    const detail = await withDatabase(() => getBreakerViewOrThrow(positionals[0]!, { cursor: values.cursor, limit: 50 }));
    if (values.json) return print(JSON.stringify(detail, null, 2));
    const lines = [...breakerLines(detail.breaker, true), "", `Held events (${detail.breaker.held}), newest first`];
    for (const event of detail.held.data) {
      lines.push(`  ${event.receivedAt}  ${event.stripeEventId}  ${event.type.padEnd(28)} ${(event.customerId ?? "-").padEnd(20)} ${event.amount === null ? "" : `${event.amount} ${event.currency ?? ""}`}  (ledger ${event.id})`);
    }
    if (detail.held.nextCursor) lines.push(`  more: npx hookwarden gatekeeper breaker show ${detail.breaker.id} --cursor ${detail.held.nextCursor}`);
    lines.push("", "Decisions");
    for (const decision of detail.decisions) lines.push(`  ${decision.at}  ${decision.kind.padEnd(17)} ${decision.summary}`);
    return print(lines);
  }
  if (action === "half-open" || action === "close") {
    const { values, positionals } = parseFlags(rest, { reason: { type: "string" }, "release-per-tick": { type: "string" } }, 1);
    if (!positionals[0]) throw new UsageError(`gatekeeper breaker ${action} needs a breaker id`);
    const reason = requireReason(values.reason, `gatekeeper breaker ${action}`);
    const perTick = values["release-per-tick"];
    if (perTick !== undefined && (action === "close" || !/^[0-9]+$/.test(perTick))) throw new UsageError("--release-per-tick is a whole number, for half-open only");
    const change = action === "half-open" ? { to: "half_open" as const, reason, releasePerTick: perTick === undefined ? undefined : Number(perTick) } : { to: "closed" as const, reason };
    await withDatabase(() => changeBreaker(positionals[0]!, change, cliContext()));
    return print(
      action === "half-open"
        ? `Breaker ${positionals[0]} is half-open: its held events are released a few at a time while the gatekeeper watches for a relapse.`
        : `Breaker ${positionals[0]} is closed: new events are processed as they arrive. Events it still holds stay held until released.`,
    );
  }
  if (action === "shed") {
    const { values, positionals } = parseFlags(rest, { hours: { type: "string" }, reason: { type: "string" } }, 1);
    if (!positionals[0]) throw new UsageError("gatekeeper breaker shed needs a breaker id");
    const shedHours = hours(values.hours, "--hours");
    if (shedHours === undefined) throw new UsageError("gatekeeper breaker shed needs --hours N (0 ends shed mode)");
    const reason = requireReason(values.reason, "gatekeeper breaker shed");
    const detail = await withDatabase(async () => {
      await changeBreaker(positionals[0]!, { to: "shed", hours: shedHours, reason }, cliContext());
      return getBreakerViewOrThrow(positionals[0]!, { limit: 1 });
    });
    return print(
      detail.breaker.shedUntil
        ? `Breaker ${positionals[0]} sheds until ${detail.breaker.shedUntil} (at most ${env().HOOKWARDEN_SHED_MAX_HOURS} h, HOOKWARDEN_SHED_MAX_HOURS): ${detail.breaker.eventTypes.join(", ")} are answered 503 and Stripe retries them for up to 3 days; Stripe disables an endpoint after about 9 days of failures.`
        : `Breaker ${positionals[0]} no longer sheds: deliveries are recorded and held again.`,
    );
  }
  throw new UsageError(action ? `unknown gatekeeper breaker action "${action}"` : "gatekeeper breaker needs an action: open, show, half-open, close or shed");
}

async function sourcesCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === "list") {
    parseFlags(rest, {});
    const sources = await withDatabase(() => listSources());
    const lines = sources.addresses.map((address) => `${address.address.padEnd(40)} ${address.origin.padEnd(8)} added ${address.addedAt} by ${address.addedBy}${address.note ? `  (${address.note})` : ""}`);
    lines.push("", `${sources.addresses.length} addresses. Refresh from ${sources.list.refreshUrl}: npx hookwarden gatekeeper sources refresh`);
    return print(lines);
  }
  if (action === "add") {
    const { values, positionals } = parseFlags(rest, { note: { type: "string" } }, 1);
    if (!positionals[0]) throw new UsageError("gatekeeper sources add needs an address");
    const added = await withDatabase(() => addSourceAddress({ address: positionals[0], note: values.note }, cliContext()));
    return print(`${added.address} is one of Stripe's webhook addresses now (added by hand: a refresh keeps it).`);
  }
  if (action === "remove") {
    const { values, positionals } = parseFlags(rest, { reason: { type: "string" } }, 1);
    if (!positionals[0]) throw new UsageError("gatekeeper sources remove needs an address");
    const removed = await withDatabase(() => removeSourceAddress({ address: positionals[0], reason: values.reason }, cliContext()));
    return print(`${removed.address} is removed; ${removed.remaining} addresses remain.`);
  }
  if (action === "refresh") {
    const { values } = parseFlags(rest, { reason: { type: "string" } });
    const refreshed = await withDatabase(() => refreshSourceAddresses({ reason: values.reason }, cliContext()));
    return print([
      `Read Stripe's list from ${refreshed.url}: ${refreshed.total} addresses now.`,
      `  added:   ${refreshed.added.length ? refreshed.added.join(", ") : "none"}`,
      `  removed: ${refreshed.removed.length ? refreshed.removed.join(", ") : "none"}`,
      `  unchanged: ${refreshed.unchanged}; kept because an admin added them: ${refreshed.keptAdmin}`,
    ]);
  }
  throw new UsageError(action ? `unknown gatekeeper sources action "${action}"` : "gatekeeper sources needs an action: list, add, remove or refresh");
}
