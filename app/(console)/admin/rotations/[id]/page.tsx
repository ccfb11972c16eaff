// GET /admin/rotations/{id} — one rotation of a signing secret: kind, status and its meaning, timeline, the share of deliveries
// verified by each secret (live while it goes on), events delivered twice; Roll back while it is open (secrets.list: admin)
import { ChevronLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LiveRunRefresh } from "@/components/reconciliation/live-run-refresh";
import { rotationKindLabel } from "@/components/rotation/looks";
import { RollbackRotationButton } from "@/components/rotation/rollback-rotation-button";
import { RotationStatusBadge } from "@/components/rotation/rotation-status-badge";
import { RotationTrafficView } from "@/components/rotation/rotation-traffic";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { ExactTime, RelativeTime } from "@/components/ui/relative-time";
import { ACTIONS } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { isAppError } from "@/server/errors";
import { getRotationOrThrow } from "@/server/rotation/get-rotation-or-throw";
import { isOpenRotation } from "@/server/rotation/rotation-status";
import { rollbackRotationAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Rotation · Admin · Hookwarden" };

/** How often an open rotation's page refreshes itself. */
const LIVE_SECONDS = 5;

export default async function RotationPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser(ACTIONS["secrets.list"].role);
  const { id } = await params;
  const rotation = await getRotationOrThrow(decodeURIComponent(id)).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const open = isOpenRotation(rotation.status);
  const secretsHref = `/admin/endpoints/${encodeURIComponent(rotation.endpoint)}/secrets`;
  const timeline: { label: string; at: string | null; note?: string; testId: string }[] = [
    { label: "Started", at: rotation.startedAt, note: `by ${rotation.startedBy ?? "unknown"}`, testId: "started" },
    ...(rotation.kind === "manual"
      ? [{ label: open ? "Old secrets expire" : "Old secrets were to expire", at: rotation.oldExpiresAt, note: "unless retired earlier", testId: "old-expiry" }]
      : [{ label: open ? "New endpoint must deliver by" : "New endpoint was to deliver by", at: rotation.confirmBy, note: "else it rolls back", testId: "confirm-by" }]),
    { label: "Finished", at: rotation.finishedAt, note: rotation.finishedAt ? undefined : "not yet", testId: "finished" },
  ];

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-5 p-6 lg:p-8">
      <Link href={secretsHref} className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground hover:underline">
        <ChevronLeft className="size-4" aria-hidden /> Signing secrets of {rotation.endpoint}
      </Link>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-lg font-semibold tracking-tight">{rotationKindLabel(rotation.kind)}</h1>
            <RotationStatusBadge status={rotation.status} />
          </div>
          <p className="mt-1 text-sm" data-testid="rotation-meaning">
            {rotation.statusMeaning}
          </p>
          <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted-foreground">
            <span className="inline-flex items-center gap-0.5 font-mono text-[13px] text-foreground">
              {rotation.id}
              <CopyButton value={rotation.id} label="Copy rotation id" />
            </span>
            <span>
              on{" "}
              <Link href={secretsHref} className="font-mono text-foreground underline-offset-4 hover:underline">
                {rotation.endpoint}
              </Link>
            </span>
            <span>
              started by <span className="text-foreground">{rotation.startedBy ?? "unknown"}</span> <RelativeTime value={rotation.startedAt} />
            </span>
          </p>
        </div>
        <div className="flex items-center gap-3">
          <LiveRunRefresh running={open} seconds={LIVE_SECONDS} />
          {open ? (
            <RollbackRotationButton rotationId={rotation.id} kind={rotation.kind} newSecret={rotation.newSecret} newStripeEndpointId={rotation.newStripeEndpointId} rollback={rollbackRotationAction} />
          ) : null}
        </div>
      </header>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card>
          <CardHeader>
            <CardTitle as="h2">Deliveries by secret</CardTitle>
            <CardDescription>Which secret verified each delivery to {rotation.endpoint} since the rotation began. Intake tries the newest secret first.</CardDescription>
          </CardHeader>
          <CardContent>
            <RotationTrafficView traffic={rotation.traffic} open={open} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle as="h2">Timeline</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            <ol className="flex flex-col gap-3 border-l pl-4" data-testid="rotation-timeline">
              {timeline.map((step) => (
                <li key={step.testId} className="flex flex-col text-sm" data-testid={`timeline-${step.testId}`}>
                  <span className="font-medium">{step.label}</span>
                  <span className="text-muted-foreground">
                    {step.at ? (
                      <>
                        <ExactTime value={step.at} milliseconds={false} /> (<RelativeTime value={step.at} />)
                      </>
                    ) : null}
                    {step.note ? <>{step.at ? " " : ""}{step.note}</> : null}
                  </span>
                </li>
              ))}
              {rotation.outcome ? (
                <li className="flex flex-col text-sm" data-testid="timeline-outcome">
                  <span className="font-medium">Outcome</span>
                  <span className="text-muted-foreground">{rotation.outcome}</span>
                </li>
              ) : null}
            </ol>
            <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1.5 text-sm" data-testid="rotation-secrets">
              <dt className="text-muted-foreground">New secret</dt>
              <dd className="font-mono text-xs">{rotation.newSecret ?? "not stored yet"}</dd>
              <dt className="text-muted-foreground">Old secret{rotation.oldSecrets.length === 1 ? "" : "s"}</dt>
              <dd className="font-mono text-xs">{rotation.oldSecrets.join(", ") || "—"}</dd>
              {rotation.kind === "stripe_api" ? (
                <>
                  <dt className="text-muted-foreground">Old Stripe endpoint</dt>
                  <dd className="font-mono text-xs" data-testid="old-stripe-endpoint">
                    {rotation.oldStripeEndpointId ?? "—"}
                  </dd>
                  <dt className="text-muted-foreground">New Stripe endpoint</dt>
                  <dd className="font-mono text-xs" data-testid="new-stripe-endpoint">
                    {rotation.newStripeEndpointId ?? "not created yet"}
                  </dd>
                </>
              ) : null}
            </dl>
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
