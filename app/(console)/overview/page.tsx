// GET /overview — what matters now: rates, latency, queue, the 30-day horizon, open alerts, problems, 24 h of traffic (events.list)
import type { Metadata } from "next";
import { Inbox } from "lucide-react";
import { LiveRefreshToggle } from "@/components/events/live-refresh-toggle";
import { BreakersOpen, breakersStat } from "@/components/overview/breakers-open";
import { HorizonCard } from "@/components/overview/horizon-card";
import { LatestProblems } from "@/components/overview/latest-problems";
import { OpenAlerts } from "@/components/overview/open-alerts";
import { RotationDue } from "@/components/overview/rotation-due";
import { overviewStats } from "@/components/overview/overview-stats";
import { StatCards } from "@/components/overview/stat-cards";
import { StatusBreakdownChart } from "@/components/overview/status-breakdown-chart";
import { ThroughputChart } from "@/components/overview/throughput-chart";
import { EmptyState } from "@/components/ui/empty-state";
import { ACTIONS, permits } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { roleAtLeast } from "@/server/auth/roles";
import { publicWebhookUrl } from "@/server/endpoints/public-webhook-url";
import { listOpenAlerts } from "@/server/alerts/list-open-alerts";
import { EVENT_STATUSES, UNRECONCILED_STATUSES } from "@/server/ledger/event-status";
import { listBreakers } from "@/server/gatekeeper/views/list-breakers";
import { getOverview } from "@/server/overview/get-overview";
import { countOpenReviews } from "@/server/gatekeeper/fraud/list-reviews";
import { listLatestProblems } from "@/server/overview/list-latest-problems";
import { getHorizon } from "@/server/reconcile/horizon";
import { rotationPolicyStates } from "@/server/rotation/rotation-policy-state";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await requireUser(ACTIONS["events.list"].role);
  // The horizon, the alerts and the rotation policies are one statement each; viewers are not asked about rotations.
  const [overview, problems, horizon, alerts, policies, openReviews, breakers] = await Promise.all([
    getOverview(),
    listLatestProblems(),
    getHorizon({ limit: 1 }),
    listOpenAlerts({ limit: 5 }),
    roleAtLeast(user.role, "operator") ? rotationPolicyStates(new Date(), env().HOOKWARDEN_ROTATION_REMINDER_DAYS) : Promise.resolve([]),
    countOpenReviews(),
    permits(user.role, "gatekeeper.view") ? listBreakers({ history: 0 }) : Promise.resolve({ active: [], history: [] }),
  ]);
  // The fraud reviews' number goes right after open quarantine: both are decisions waiting for a person.
  const stats = overviewStats(overview);
  const reviewsStat = { id: "open-reviews", label: "Open reviews", value: openReviews.toLocaleString("en-US"), hint: openReviews > 0 ? "payment sequences to confirm or dismiss" : "no payment sequence to review", href: "/reviews", tone: openReviews > 0 ? ("warning" as const) : ("default" as const) };
  stats.splice(Math.max(0, stats.findIndex((stat) => stat.id === "open-quarantine") + 1), 0, reviewsStat);
  if (permits(user.role, "gatekeeper.view")) stats.splice(stats.indexOf(reviewsStat) + 1, 0, breakersStat(breakers.active));
  const rotationDue = policies
    .filter((policy) => policy.state !== "ok")
    .map((policy) => ({ endpoint: policy.endpoint, state: policy.state as "due" | "overdue", dueAt: policy.dueAt?.toISOString() ?? null }))
    .sort((a, b) => (a.state === b.state ? a.endpoint.localeCompare(b.endpoint) : a.state === "overdue" ? -1 : 1));
  const total = EVENT_STATUSES.reduce((sum, status) => sum + overview.statuses[status], 0);

  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-5">
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h1 className="text-lg font-semibold tracking-tight">Overview</h1>
          <p className="text-sm text-muted-foreground">What needs attention now. Every number opens the events it counts.</p>
        </div>
        <LiveRefreshToggle seconds={10} />
      </header>
      <BreakersOpen breakers={breakers.active} />
      <RotationDue endpoints={rotationDue} canManage={permits(user.role, "secrets.list")} />
      {total === 0 && alerts.length > 0 ? <OpenAlerts alerts={alerts} /> : null}
      {total === 0 ? (
        <EmptyState
          icon={Inbox}
          title="No events yet"
          commands={[
            { label: "Forward test-mode events from your Stripe account (prints the signing secret to give Hookwarden):", command: `stripe listen --forward-to ${publicWebhookUrl()}` },
            { label: "Or send a realistic signed Checkout payment without a Stripe account:", command: "npx hookwarden simulate --scenario checkout" },
          ]}
        >
          These figures fill in as Stripe delivers: deliveries per minute, intake latency, the queue, and anything that needs a person.
        </EmptyState>
      ) : (
        <>
          <StatCards stats={stats} />
          <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
            <HorizonCard
              open={horizon.open}
              expiringSoon={horizon.expiringSoon}
              expired={horizon.expired}
              withinDays={horizon.withinDays}
              nearest={horizon.nearest[0] ?? null}
              unsettledHref={`/?status=${UNRECONCILED_STATUSES.join(",")}`}
            />
            <OpenAlerts alerts={alerts} />
          </div>
          <div className="grid gap-4 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
            <ThroughputChart points={overview.perMinute} />
            <StatusBreakdownChart counts={EVENT_STATUSES.map((status) => ({ status, count: overview.statuses[status] }))} description="Every event in the ledger" hrefTemplate="/?status={status}" />
          </div>
          <LatestProblems
            dead={problems.dead.map((event) => ({ ledgerId: event.id, stripeEventId: event.stripeEventId, type: event.type, at: event.receivedAt, status: event.status }))}
            quarantined={problems.quarantined.map((item) => ({ ledgerId: item.eventId, stripeEventId: item.stripeEventId, type: item.type, at: item.quarantinedAt, status: item.status, reason: item.reason }))}
            deadHref="/?status=dead"
            quarantineHref="/quarantine"
          />
        </>
      )}
    </div>
  );
}
