import { getRotationOrThrow } from "../../server/rotation/get-rotation-or-throw";
import { listEndpointSecrets } from "../../server/rotation/list-endpoint-secrets";
import { retireSigningSecret } from "../../server/rotation/retire-signing-secret";
import { rollSigningSecret } from "../../server/rotation/roll-signing-secret";
import { rollbackRotation } from "../../server/rotation/rollback-rotation";
import { setRotationPolicy } from "../../server/rotation/set-rotation-policy";
import { startStripeRotation } from "../../server/rotation/start-stripe-rotation";
import { UsageError } from "../usage";
import { cliContext } from "./cli-context";
import { parseFlags, print, withDatabase } from "./with-database";

const when = (iso: string | null) => iso ?? "-";

function wholeNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value)) throw new UsageError(`${flag} is a whole number`);
  return Number(value);
}

function describeRotation(rotation: Awaited<ReturnType<typeof getRotationOrThrow>>): string[] {
  const lines = [
    `Rotation ${rotation.id} of "${rotation.endpoint}" (${rotation.kind === "manual" ? "manual roll" : "through Stripe's API"}): ${rotation.status}`,
    `  ${rotation.statusMeaning}`,
    `  started ${rotation.startedAt} by ${rotation.startedBy ?? "-"}${rotation.finishedAt ? `, finished ${rotation.finishedAt}` : ""}`,
  ];
  if (rotation.oldExpiresAt) lines.push(`  old secrets expire ${rotation.oldExpiresAt}`);
  if (rotation.confirmBy && rotation.kind === "stripe_api") lines.push(`  rolled back unless the new Stripe endpoint delivers by ${rotation.confirmBy}`);
  if (rotation.oldStripeEndpointId || rotation.newStripeEndpointId) lines.push(`  Stripe endpoints: old ${rotation.oldStripeEndpointId ?? "-"}, new ${rotation.newStripeEndpointId ?? "-"}`);
  if (rotation.outcome) lines.push(`  outcome: ${rotation.outcome}`);
  const total = rotation.traffic.deliveries;
  lines.push(`  deliveries since it began: ${total}`);
  for (const secret of rotation.traffic.bySecret) {
    const share = total === 0 ? 0 : Math.round((secret.deliveries / total) * 1000) / 10;
    lines.push(`    ${secret.role.padEnd(3)} ${secret.fingerprint}  ${String(secret.deliveries).padStart(6)} (${share}%)  last ${when(secret.lastAt?.toISOString() ?? null)}`);
  }
  if (rotation.kind === "stripe_api") lines.push(`  events delivered by both Stripe endpoints: ${rotation.traffic.eventsDeliveredTwice} (duplicates absorbed by the ledger: ${rotation.traffic.duplicatesAbsorbed})`);
  return lines;
}

/** `hookwarden secret roll|retire|rotate|rotation|rollback|policy|list`: rotating an endpoint's signing secret. */
export async function secretRotationCommand(action: string, rest: string[], readSecret: () => Promise<string>): Promise<void> {
  if (action === "roll") {
    const { values, positionals } = parseFlags(rest, { secret: { type: "string" }, label: { type: "string" }, "overlap-hours": { type: "string" } }, 1);
    if (!positionals[0]) throw new UsageError("secret roll needs an endpoint name");
    const overlapHours = wholeNumber(values["overlap-hours"], "--overlap-hours");
    const secret = values.secret ?? (await readSecret());
    const roll = await withDatabase(() => rollSigningSecret({ endpointName: positionals[0]!, secret, overlapHours, label: values.label, source: "cli" }, cliContext()));
    print([
      `Secret ${roll.fingerprint} is active on "${positionals[0]}". The old secrets (${roll.oldFingerprints.join(", ")}) verify until ${roll.oldExpiresAt.toISOString()}.`,
      `Follow it with: npx hookwarden secret rotation ${roll.rotationId}`,
    ]);
    return;
  }
  if (action === "retire") {
    const { values, positionals } = parseFlags(rest, { reason: { type: "string" } }, 2);
    if (!positionals[0] || !positionals[1]) throw new UsageError("secret retire needs an endpoint name and a secret's fingerprint");
    const retired = await withDatabase(() => retireSigningSecret({ endpointName: positionals[0]!, fingerprint: positionals[1]!, reason: values.reason }, cliContext()));
    print(`Secret ${retired.fingerprint} of "${positionals[0]}" is retired: it never verifies again.${retired.completedRotation ? ` Rotation ${retired.completedRotation} is complete.` : ""}`);
    return;
  }
  if (action === "rotate") {
    const { values, positionals } = parseFlags(rest, { "stripe-endpoint": { type: "string" }, "confirm-within": { type: "string" } }, 1);
    if (!positionals[0]) throw new UsageError("secret rotate needs an endpoint name");
    const confirmWithinMinutes = wholeNumber(values["confirm-within"], "--confirm-within");
    const rotation = await withDatabase(async () => {
      const { rotationId } = await startStripeRotation({ endpointName: positionals[0]!, stripeEndpointId: values["stripe-endpoint"], confirmWithinMinutes }, cliContext());
      return getRotationOrThrow(rotationId);
    });
    print([
      ...describeRotation(rotation),
      "",
      "Both Stripe endpoints now deliver every event (the ledger keeps one). The server completes the rotation once the new",
      `endpoint has delivered, or rolls it back at the deadline. Follow it with: npx hookwarden secret rotation ${rotation.id}`,
    ]);
    return;
  }
  if (action === "rotation") {
    const { positionals } = parseFlags(rest, {}, 1);
    if (!positionals[0]) throw new UsageError("secret rotation needs a rotation id");
    print(describeRotation(await withDatabase(() => getRotationOrThrow(positionals[0]!))));
    return;
  }
  if (action === "rollback") {
    const { values, positionals } = parseFlags(rest, { reason: { type: "string" } }, 1);
    if (!positionals[0]) throw new UsageError("secret rollback needs a rotation id");
    if (!values.reason?.trim()) throw new UsageError("secret rollback needs --reason TEXT");
    await withDatabase(() => rollbackRotation({ rotationId: positionals[0]!, reason: values.reason! }, cliContext()));
    print(`Rotation ${positionals[0]} is rolled back: its new secret is retired and the old ones verify as before.`);
    return;
  }
  if (action === "policy") {
    const { values, positionals } = parseFlags(
      rest,
      { every: { type: "string" }, "quiet-minutes": { type: "string" }, "auto-retire": { type: "boolean" }, "no-auto-retire": { type: "boolean" } },
      1,
    );
    if (!positionals[0]) throw new UsageError("secret policy needs an endpoint name");
    if (values["auto-retire"] && values["no-auto-retire"]) throw new UsageError("give --auto-retire or --no-auto-retire, not both");
    const endpointName = positionals[0];
    const result = await withDatabase(async () => {
      const current = (await listEndpointSecrets(endpointName)).policy;
      const every = values.every;
      const intervalDays = every === undefined ? current.intervalDays : every === "none" ? null : wholeNumber(every, "--every (days, or none)")!;
      return setRotationPolicy(
        {
          endpointName,
          intervalDays,
          quietMinutes: wholeNumber(values["quiet-minutes"], "--quiet-minutes") ?? current.quietMinutes,
          autoRetire: values["auto-retire"] ? true : values["no-auto-retire"] ? false : current.autoRetire,
        },
        cliContext(),
      );
    });
    const policy = result.policy;
    print(
      `${result.changed ? "Policy of" : "Unchanged policy of"} "${endpointName}": ${policy.intervalDays === null ? "no rotation schedule" : `rotate every ${policy.intervalDays} days`}; quiet period ${policy.quietMinutes} min; old secrets ${policy.autoRetire ? "retire automatically" : "are retired by hand"}.`,
    );
    return;
  }
  if (action === "list") {
    const { positionals } = parseFlags(rest, {}, 1);
    if (!positionals[0]) throw new UsageError("secret list needs an endpoint name");
    const listed = await withDatabase(() => listEndpointSecrets(positionals[0]!));
    // Where each secret lives: "database" (stored encrypted) or its reference; never a value.
    const width = Math.max(9, ...listed.secrets.map((secret) => secret.reference?.length ?? 0));
    const lines = [`fingerprint   state     source    ${"stored in".padEnd(width)} added                     expires                   last verified             label`];
    for (const secret of listed.secrets) {
      lines.push(
        [
          secret.fingerprint.padEnd(13),
          secret.state.padEnd(9),
          secret.source.padEnd(9),
          (secret.reference ?? "database").padEnd(width),
          secret.createdAt.padEnd(25),
          when(secret.expiresAt).padEnd(25),
          when(secret.lastMatchedAt).padEnd(25),
          secret.label ?? "",
        ].join(" "),
      );
    }
    const policy = listed.policy;
    lines.push("", policy.intervalDays === null ? "No rotation policy." : `Rotation policy: every ${policy.intervalDays} days; next due ${when(policy.dueAt)} (${policy.state}).`);
    const open = listed.rotations.find((rotation) => rotation.finishedAt === null);
    if (open) lines.push(`A rotation is going on: npx hookwarden secret rotation ${open.id}`);
    print(lines);
    return;
  }
  throw new UsageError(`unknown secret action "${action}"`);
}
