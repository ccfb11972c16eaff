import { getReconciliationOrThrow, type ReconciliationRunView } from "../../server/reconcile/list-reconciliations";
import { compareEventWithStripe, reconcileEvent } from "../../server/reconcile/reconcile-event";
import { dismissFinding } from "../../server/reconcile/dismiss-finding";
import { repairOpenFinding } from "../../server/reconcile/repair-open-finding";
import { startReconciliation } from "../../server/reconcile/start-reconciliation";
import { UsageError } from "../usage";
import { cliContext } from "./cli-context";
import { parseFlags, print, withDatabase } from "./with-database";

const KINDS: Record<string, "missed_events" | "drift_audit"> = { "missed-events": "missed_events", "drift-audit": "drift_audit" };

function describe(run: ReconciliationRunView): string {
  const p = run.progress;
  const share = run.fraction === null ? "" : ` ${Math.round(run.fraction * 100)}%`;
  return `${run.status}${share}: ${p.pages ?? 0} pages, ${p.objects ?? 0} objects, ${p.requests ?? 0} requests (${p.requestRate ?? 0}/s of ${p.allowedRate ?? "?"}/s allowed), ${p.throttled ?? 0} throttled, ${run.findings} findings, ${run.repaired} repaired`;
}

async function watch(id: string, json: boolean): Promise<ReconciliationRunView> {
  let last = "";
  for (;;) {
    const run = await getReconciliationOrThrow(id, { findingsLimit: 1 });
    const line = describe(run);
    if (!json && line !== last) process.stderr.write(`  ${line}\n`);
    last = line;
    if (run.status !== "running") return run;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

export async function reconcileCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const kind = action ? KINDS[action] : undefined;
  if (kind) {
    const { values } = parseFlags(rest, { endpoint: { type: "string" }, "dry-run": { type: "boolean" }, since: { type: "string" }, "all-events": { type: "boolean" }, json: { type: "boolean" } });
    if (kind === "drift_audit" && (values.since || values["all-events"])) throw new UsageError("--since and --all-events belong to missed-events");
    const result = await withDatabase(async () => {
      const started = await startReconciliation(
        { kind, endpoint: values.endpoint ?? "default", dryRun: values["dry-run"] ?? false, since: values.since, onlyFailedDeliveries: !values["all-events"] },
        cliContext(),
      );
      if (!values.json) process.stderr.write(`Run ${started.id} (${action}${started.dryRun ? ", dry run" : ""}) on "${started.endpoint}":\n`);
      await watch(started.id, values.json ?? false);
      return getReconciliationOrThrow(started.id);
    });
    if (values.json) {
      print(JSON.stringify(result, null, 2));
    } else {
      for (const finding of result.items) print(`${finding.status.padEnd(9)} ${finding.kind.padEnd(24)} ${finding.subject}  ours ${JSON.stringify(finding.ours)}  stripe ${JSON.stringify(finding.stripe)}`);
      print(`${describe(result)}${result.error ? `\n${result.error}` : ""}`);
    }
    if (result.status === "failed") process.exitCode = 1;
    return;
  }
  if (action === "show") {
    const { positionals } = parseFlags(rest, {}, 1);
    if (!positionals[0]) throw new UsageError("reconcile show needs a run id");
    print(JSON.stringify(await withDatabase(() => getReconciliationOrThrow(positionals[0]!)), null, 2));
    return;
  }
  if (action === "repair") {
    const { positionals } = parseFlags(rest, {}, 1);
    if (!positionals[0]) throw new UsageError("reconcile repair needs a finding id");
    const repaired = await withDatabase(() => repairOpenFinding(positionals[0]!, cliContext()));
    print(`Finding ${repaired.findingId} repaired through ledger event ${repaired.repairEventId}.`);
    return;
  }
  if (action === "dismiss") {
    const { values, positionals } = parseFlags(rest, { reason: { type: "string" } }, 1);
    if (!positionals[0]) throw new UsageError("reconcile dismiss needs a finding id");
    if (!values.reason) throw new UsageError("reconcile dismiss needs --reason TEXT");
    await withDatabase(() => dismissFinding({ id: positionals[0]!, reason: values.reason! }, cliContext()));
    print(`Finding ${positionals[0]} dismissed; nothing in the books changed.`);
    return;
  }
  if (action === "event") {
    const { values, positionals } = parseFlags(rest, { endpoint: { type: "string" }, apply: { type: "boolean" }, reason: { type: "string" } }, 1);
    const stripeEventId = positionals[0];
    if (!stripeEventId) throw new UsageError("reconcile event needs a Stripe event id (evt_...)");
    if (values.apply && !values.reason) throw new UsageError("--apply needs --reason TEXT");
    const ref = { stripeEventId, endpoint: values.endpoint };
    const result = await withDatabase<unknown>(() => (values.apply ? reconcileEvent(ref, { reason: values.reason }, cliContext()) : compareEventWithStripe(ref)));
    print(JSON.stringify(result, null, 2));
    return;
  }
  throw new UsageError(action ? `unknown reconcile action "${action}"` : "reconcile needs an action: missed-events, drift-audit, show, repair, dismiss or event");
}
