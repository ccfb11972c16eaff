// GET /destinations — every destination per endpoint: state (and why paused), URL, event types and backlog; admins add one
// (destinations.list: operator and up; adding: admin)
import { Webhook } from "lucide-react";
import type { Metadata } from "next";
import { AddDestinationDialog } from "@/components/destinations/add-destination-dialog";
import { DestinationsTable } from "@/components/destinations/destinations-table";
import { LiveRefreshToggle } from "@/components/events/live-refresh-toggle";
import { EmptyState } from "@/components/ui/empty-state";
import { ACTIONS } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { listDestinations, type DestinationListItem } from "@/server/destinations/list-destinations";
import { listEndpointNames } from "@/server/endpoints/list-endpoint-names";
import { destinationActionsFor } from "./destination-actions-for";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Destinations · Hookwarden" };

export default async function DestinationsPage() {
  const user = await requireUser(ACTIONS["destinations.list"].role);
  const actions = destinationActionsFor(user.role);
  const [destinations, endpoints] = await Promise.all([listDestinations(), actions.create ? listEndpointNames() : null]);
  const byEndpoint = new Map<string, DestinationListItem[]>();
  for (const destination of destinations) byEndpoint.set(destination.endpoint, [...(byEndpoint.get(destination.endpoint) ?? []), destination]);
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-6">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-lg font-semibold tracking-tight">Destinations</h1>
          <p className="max-w-3xl text-sm text-muted-foreground">
            Your apps&apos; webhook routes. Each event Hookwarden has processed (verified, cross-checked, applied once) is forwarded to the destinations of its endpoint that take its
            type, signed per Standard Webhooks, and retried with backoff until it is delivered, in order per customer. Quarantined, held, ignored and dead events are not forwarded.
          </p>
        </div>
        <div className="flex items-center gap-2">
          {actions.create && endpoints ? <AddDestinationDialog endpoints={endpoints} create={actions.create} /> : null}
          <LiveRefreshToggle seconds={10} />
        </div>
      </header>
      {destinations.length === 0 ? (
        <EmptyState
          icon={Webhook}
          title="No destination yet"
          commands={[
            {
              label: "Or from the command line (its signing secret is printed once):",
              command: 'npx hookwarden destination add --endpoint default --name orders-app --url https://app.example.com/hooks --types "payment_intent.*,invoice.paid"',
            },
          ]}
        >
          Processed events are recorded and applied, but forwarded nowhere. {actions.create ? "Add your app's webhook route with Add destination." : "An admin can add your app's webhook route."}
        </EmptyState>
      ) : (
        [...byEndpoint].map(([endpoint, list]) => (
          <section key={endpoint} aria-labelledby={`endpoint-${endpoint}`} className="flex flex-col gap-2" data-testid="destinations-of-endpoint" data-endpoint={endpoint}>
            <h2 id={`endpoint-${endpoint}`} className="text-sm font-semibold">
              Endpoint <span className="font-mono">{endpoint}</span> <span className="font-normal text-muted-foreground">({list.length})</span>
            </h2>
            <DestinationsTable endpoint={endpoint} destinations={list} />
          </section>
        ))
      )}
    </div>
  );
}
