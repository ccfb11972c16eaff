// GET /gatekeeper — every endpoint's breaker: its state and why, the events it holds, and what can be done; recent history and decisions
// (gatekeeper.view: viewer; releasing and half-open: operator; force, shed: admin)
import { ShieldCheck } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { LiveRefreshToggle } from "@/components/events/live-refresh-toggle";
import { BreakerPanel } from "@/components/gatekeeper/breaker-panel";
import { BreakersHistory } from "@/components/gatekeeper/breakers-history";
import { DecisionsTimeline } from "@/components/gatekeeper/decisions-timeline";
import { ForceOpenDialog } from "@/components/gatekeeper/force-open-dialog";
import { GatekeeperNav } from "@/components/gatekeeper/gatekeeper-nav";
import { EmptyState } from "@/components/ui/empty-state";
import { ACTIONS, permits } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { env } from "@/server/env";
import { SUCCESS_EVENT_TYPES } from "@/server/gatekeeper/success-event-types";
import { getBreakerViewOrThrow } from "@/server/gatekeeper/views/get-breaker-view-or-throw";
import { listBreakers } from "@/server/gatekeeper/views/list-breakers";
import { listDecisions } from "@/server/gatekeeper/views/list-decisions";
import { listSourcePolicies } from "@/server/gatekeeper/views/list-source-policies";
import { breakerActionsFor } from "./breaker-actions-for";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Gatekeeper · Hookwarden" };

/** Held events shown per breaker here; each breaker's page lists them all, a page at a time. */
const HELD_SHOWN = 25;

export default async function GatekeeperPage() {
  const user = await requireUser(ACTIONS["gatekeeper.view"].role);
  const canForce = permits(user.role, "gatekeeper.force_breaker");
  const [breakers, decisions, endpoints] = await Promise.all([listBreakers({ history: 10 }), listDecisions({ limit: 8 }), canForce ? listSourcePolicies() : null]);
  const details = await Promise.all(breakers.active.map((breaker) => getBreakerViewOrThrow(breaker.id, { limit: HELD_SHOWN })));
  const { actions, releaseChosen } = breakerActionsFor(user.role);
  const shedMaxHours = env().HOOKWARDEN_SHED_MAX_HOURS;

  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-6">
      <header className="flex flex-col gap-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h1 className="text-lg font-semibold tracking-tight">Gatekeeper</h1>
            <p className="max-w-3xl text-sm text-muted-foreground">
              When traffic looks like an attack, an endpoint&apos;s circuit breaker opens for the event types concerned: their deliveries are still verified, recorded and acknowledged to
              Stripe, but their effects wait here until someone releases them. Nothing is lost and nothing applies by surprise.
            </p>
          </div>
          <div className="flex items-center gap-2">
            {canForce && endpoints ? (
              <ForceOpenDialog endpoints={endpoints.map((endpoint) => endpoint.endpoint)} successTypes={[...SUCCESS_EVENT_TYPES].sort()} forceOpen={actions.forceOpen!} shedMaxHours={shedMaxHours} />
            ) : null}
            <LiveRefreshToggle seconds={10} />
          </div>
        </div>
        <GatekeeperNav current="/gatekeeper" />
      </header>

      <section aria-labelledby="active-heading" className="flex flex-col gap-3">
        <h2 id="active-heading" className="text-base font-semibold">
          Breakers that need attention
        </h2>
        {details.length === 0 ? (
          <EmptyState icon={ShieldCheck} title="Every breaker is closed" className="py-8">
            Every event type on every endpoint is processed as it arrives. When the gatekeeper trips a breaker (or an admin forces one open), it shows here with why and what it holds.
            {canForce ? null : " An admin can force one open."}
          </EmptyState>
        ) : (
          details.map((detail) => (
            <BreakerPanel key={detail.breaker.id} breaker={detail.breaker} held={detail.held.data} actions={actions} releaseChosen={releaseChosen} shedMaxHours={shedMaxHours} heading="h3" linkToPage />
          ))
        )}
      </section>

      {breakers.history.length > 0 ? (
        <section aria-labelledby="history-heading" className="flex flex-col gap-3">
          <h2 id="history-heading" className="text-base font-semibold">
            Recently closed
          </h2>
          <BreakersHistory breakers={breakers.history} />
        </section>
      ) : null}

      <section aria-labelledby="decisions-heading" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="decisions-heading" className="text-base font-semibold">
            Latest decisions
          </h2>
          <Link href="/gatekeeper/decisions" className="text-sm font-medium underline-offset-4 hover:underline">
            Every decision, with filters
          </Link>
        </div>
        {decisions.data.length === 0 ? (
          <p className="text-sm text-muted-foreground">No decision yet: the gatekeeper has not blocked, flagged or tripped anything.</p>
        ) : (
          <DecisionsTimeline decisions={decisions.data} label="Latest decisions" />
        )}
      </section>
    </div>
  );
}
