// GET /gatekeeper/breakers/{id} — one breaker: its state and why, every event it holds (a page at a time), its decisions, and what can be done
// (gatekeeper.view: viewer; releasing and half-open: operator; force close, shed: admin)
import { ChevronLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LiveRefreshToggle } from "@/components/events/live-refresh-toggle";
import { BreakerPanel } from "@/components/gatekeeper/breaker-panel";
import { DecisionsTimeline } from "@/components/gatekeeper/decisions-timeline";
import { ACTIONS } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { env } from "@/server/env";
import { isAppError } from "@/server/errors";
import { getBreakerViewOrThrow } from "@/server/gatekeeper/views/get-breaker-view-or-throw";
import { breakerActionsFor } from "../../breaker-actions-for";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Breaker · Gatekeeper · Hookwarden" };

export default async function BreakerPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser(ACTIONS["gatekeeper.view"].role);
  const { id } = await params;
  const cursor = (await searchParams).cursor;
  const detail = await getBreakerViewOrThrow(id, { cursor: typeof cursor === "string" ? cursor : undefined, limit: 50 }).catch((error: unknown) => {
    if (isAppError(error) && (error.code === "not_found" || error.code === "invalid_request")) notFound();
    throw error;
  });
  const { actions, releaseChosen } = breakerActionsFor(user.role);
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-6">
      <header className="flex flex-col gap-3">
        <Link href="/gatekeeper" className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground hover:underline">
          <ChevronLeft className="size-4" aria-hidden /> Gatekeeper
        </Link>
        <div className="flex flex-wrap items-start justify-between gap-2">
          <h1 className="text-lg font-semibold tracking-tight">
            Breaker of <span className="font-mono">{detail.breaker.endpoint}</span>
          </h1>
          {detail.breaker.state !== "closed" ? <LiveRefreshToggle seconds={10} /> : null}
        </div>
      </header>
      <BreakerPanel breaker={detail.breaker} held={detail.held.data} actions={actions} releaseChosen={releaseChosen} shedMaxHours={env().HOOKWARDEN_SHED_MAX_HOURS} />
      {detail.held.nextCursor || cursor ? (
        <nav aria-label="Held events pages" className="flex gap-4 text-sm">
          {cursor ? (
            <Link href={`/gatekeeper/breakers/${detail.breaker.id}`} className="underline-offset-4 hover:underline">
              Newest held events
            </Link>
          ) : null}
          {detail.held.nextCursor ? (
            <Link href={`/gatekeeper/breakers/${detail.breaker.id}?cursor=${encodeURIComponent(detail.held.nextCursor)}`} className="underline-offset-4 hover:underline">
              Older held events
            </Link>
          ) : null}
        </nav>
      ) : null}
      <section aria-labelledby="breaker-decisions" className="flex flex-col gap-3">
        <h2 id="breaker-decisions" className="text-base font-semibold">
          Its decisions
        </h2>
        {detail.decisions.length ? <DecisionsTimeline decisions={detail.decisions} label="Decisions of this breaker" /> : <p className="text-sm text-muted-foreground">None recorded.</p>}
      </section>
    </div>
  );
}
