// GET /admin/endpoints/{name}/secrets — an endpoint's signing secrets (fingerprints only), its rotation policy and where it stands,
// the rotation going on and the latest ones; roll, rotate through Stripe, retire, set the policy (secrets.list: admin)
import { ArrowUpRight, CalendarClock, ChevronLeft, TriangleAlert } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AdminNav } from "@/components/admin/admin-nav";
import { rotationKindLabel } from "@/components/rotation/looks";
import { RollSecretDialog } from "@/components/rotation/roll-secret-dialog";
import { RotationPolicyForm } from "@/components/rotation/rotation-policy-form";
import { RotationStatusBadge } from "@/components/rotation/rotation-status-badge";
import { rotationHref, RotationsTable } from "@/components/rotation/rotations-table";
import { SecretsTable } from "@/components/rotation/secrets-table";
import { StripeRotationDialog } from "@/components/rotation/stripe-rotation-dialog";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { ACTIONS } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { listEndpointStripeKeys } from "@/server/endpoints/list-endpoint-stripe-keys";
import { env } from "@/server/env";
import { isAppError } from "@/server/errors";
import { listEndpointSecrets } from "@/server/rotation/list-endpoint-secrets";
import { DEFAULT_OVERLAP_HOURS, isOpenRotation } from "@/server/rotation/rotation-status";
import { webhookPathOf } from "@/server/rotation/stripe-webhook-endpoints";
import { retireSigningSecretAction, rollSigningSecretAction, setRotationPolicyAction, startStripeRotationAction } from "./actions";

export const dynamic = "force-dynamic";

/** One note for both buttons while a rotation goes on. */
const BUSY_NOTE_ID = "secret-actions-busy";
export const metadata: Metadata = { title: "Signing secrets · Admin · Hookwarden" };

export default async function EndpointSecretsPage({ params }: { params: Promise<{ name: string }> }) {
  await requireUser(ACTIONS["secrets.list"].role);
  const name = decodeURIComponent((await params).name);
  const [secrets, stripeKeys] = await Promise.all([
    listEndpointSecrets(name).catch((error: unknown) => {
      if (isAppError(error) && error.code === "endpoint_not_found") notFound();
      throw error;
    }),
    listEndpointStripeKeys(),
  ]);
  const stripeKey = stripeKeys.find((endpoint) => endpoint.name === name)?.stripeKey;
  const open = secrets.rotations.find((rotation) => isOpenRotation(rotation.status)) ?? null;
  const path = webhookPathOf(name);
  const verifying = secrets.secrets.filter((secret) => secret.state === "active" || secret.state === "expiring").length;
  const busy = open ? `A ${open.kind === "manual" ? "roll" : "rotation"} is going on: let it finish, or roll it back first.` : null;
  const rollUnavailable = busy ?? (verifying === 0 ? `No secret verifies now, so there is nothing to roll: add Stripe's current secret with npx hookwarden secret add ${name}.` : null);
  const rotateUnavailable =
    busy ??
    (!stripeKey?.source
      ? `Unavailable: ${name} has no Stripe API key, so Hookwarden cannot create a Stripe endpoint for it. Set a key that may manage webhook endpoints on Admin → Endpoints, or roll by hand.`
      : rollUnavailable);

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 p-6 lg:p-8">
      <header className="flex flex-col gap-4">
        <Link href="/admin/endpoints" className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground hover:underline">
          <ChevronLeft className="size-4" aria-hidden /> Endpoints
        </Link>
        <div>
          <h1 className="text-2xl font-semibold">
            Signing secrets of <span className="font-mono">{name}</span>
          </h1>
          <p className="text-sm text-muted-foreground">
            Stripe signs each delivery to <code className="font-mono">{path}</code> with the endpoint&apos;s secret; Hookwarden accepts a delivery that any secret below
            still verifies. Secrets are stored encrypted and never shown, here or anywhere: only their fingerprints. Every change is recorded in the audit log.
          </p>
        </div>
        <AdminNav current="/admin/endpoints" />
      </header>

      {open ? (
        <Card data-testid="open-rotation" className="border-sky-300/70 dark:border-sky-800/70">
          <CardContent className="flex flex-wrap items-center justify-between gap-3 pt-5">
            <div className="flex flex-col gap-1">
              <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
                {rotationKindLabel(open.kind)} going on <RotationStatusBadge status={open.status} />
              </p>
              <p className="text-sm text-muted-foreground">
                {open.statusMeaning} Started by {open.startedBy ?? "unknown"} <RelativeTime value={open.startedAt} />.
              </p>
            </div>
            <Link href={rotationHref(open.id)} className="inline-flex items-center gap-1 text-sm font-medium underline-offset-4 hover:underline">
              Follow the rotation <ArrowUpRight className="size-4" aria-hidden />
            </Link>
          </CardContent>
        </Card>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle as="h2">Secrets</CardTitle>
          <CardDescription>Newest first. A secret being replaced keeps verifying until its expiry, so deliveries signed by the old, the new or both secrets are accepted meanwhile.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-5">
          <div className="flex flex-col gap-1.5" data-testid="secret-actions">
            <div className="flex flex-wrap items-start gap-3">
              <RollSecretDialog endpointName={name} rollSecret={rollSigningSecretAction} disabledReason={rollUnavailable} reasonId={busy ? BUSY_NOTE_ID : undefined} defaultOverlapHours={DEFAULT_OVERLAP_HOURS} />
              <StripeRotationDialog endpointName={name} webhookPath={path} startRotation={startStripeRotationAction} disabledReason={rotateUnavailable} reasonId={busy ? BUSY_NOTE_ID : undefined} />
            </div>
            {busy ? (
              <p id={BUSY_NOTE_ID} className="text-xs text-muted-foreground" data-testid="secret-actions-unavailable">
                {busy}
              </p>
            ) : null}
          </div>
          {secrets.secrets.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              No secret yet: every delivery is refused. Add the one Stripe shows for this endpoint: <code className="font-mono">npx hookwarden secret add {name}</code>
            </p>
          ) : (
            <SecretsTable endpointName={name} secrets={secrets.secrets} retireSecret={retireSigningSecretAction} />
          )}
        </CardContent>
      </Card>

      <Card data-testid="rotation-policy" data-state={secrets.policy.state ?? "none"}>
        <CardHeader>
          <CardTitle as="h2" className="flex flex-wrap items-center gap-2">
            <CalendarClock className="size-4 text-muted-foreground" aria-hidden /> Rotation policy
            <PolicyState state={secrets.policy.state} dueAt={secrets.policy.dueAt} />
          </CardTitle>
          <CardDescription>
            {secrets.policy.intervalDays === null ? (
              "No policy: nothing reminds anyone to rotate this secret."
            ) : secrets.policy.dueAt ? (
              <>
                Every {secrets.policy.intervalDays} days; the next rotation is due <RelativeTime value={secrets.policy.dueAt} /> (
                <span className="tabular-nums">{secrets.policy.dueAt.slice(0, 10)}</span>).
              </>
            ) : (
              `Every ${secrets.policy.intervalDays} days; no secret verifies now, so a rotation is overdue.`
            )}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <RotationPolicyForm endpointName={name} policy={secrets.policy} reminderDays={env().HOOKWARDEN_ROTATION_REMINDER_DAYS} setPolicy={setRotationPolicyAction} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Latest rotations</CardTitle>
          <CardDescription>The last 10, newest first. Each opens its page: the share of deliveries per secret, its timeline and outcome.</CardDescription>
        </CardHeader>
        <CardContent>
          {secrets.rotations.length === 0 ? <p className="text-sm text-muted-foreground">No rotation yet. Roll the secret by hand, or rotate it through Stripe.</p> : <RotationsTable rotations={secrets.rotations} />}
        </CardContent>
      </Card>
    </div>
  );
}

/** Where the policy stands, in words (the colour only repeats them). */
function PolicyState({ state, dueAt }: { state: "ok" | "due" | "overdue" | null; dueAt: string | null }) {
  if (state === "overdue")
    return (
      <Badge tone="danger" data-testid="policy-state">
        <TriangleAlert aria-hidden /> Overdue{dueAt ? ` since ${dueAt.slice(0, 10)}` : ""}
      </Badge>
    );
  if (state === "due")
    return (
      <Badge tone="warning" data-testid="policy-state">
        <CalendarClock aria-hidden /> Due on {dueAt?.slice(0, 10)}
      </Badge>
    );
  if (state === "ok")
    return (
      <Badge tone="success" data-testid="policy-state">
        On schedule
      </Badge>
    );
  return null;
}
