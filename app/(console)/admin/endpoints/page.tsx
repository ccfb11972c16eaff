// GET /admin/endpoints — each endpoint's Stripe API key (fingerprint only), policy for payments without a reference, signature
// tolerance, thin events and confirm-with-source types, editable, and a link to its signing secrets (endpoints.list: admin)
import type { Metadata } from "next";
import { AdminNav } from "@/components/admin/admin-nav";
import { EndpointSettings } from "@/components/admin/endpoint-settings";
import { ACTIONS } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { DEFAULT_ENDPOINT } from "@/server/endpoints/endpoint-name";
import { listEndpoints } from "@/server/endpoints/list-endpoints";
import { stripeKeyState } from "@/server/endpoints/stripe-key-state";
import { TOLERANCE_LIMITS } from "@/server/endpoints/update-endpoint";
import { env } from "@/server/env";
import { DEFAULT_CONFIRM_EVENT_TYPES } from "@/server/reconcile/confirm-policy";
import { setEndpointStripeKeyAction, updateEndpointAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Endpoints · Admin · Hookwarden" };

export default async function EndpointsAdminPage() {
  await requireUser(ACTIONS["endpoints.list"].role);
  const endpoints = await listEndpoints();
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 p-6 lg:p-8">
      <header className="flex flex-col gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Admin</h1>
          <p className="text-sm text-muted-foreground">
            Each endpoint is a URL Stripe delivers to. Its signing secrets are rolled, rotated through Stripe and retired on its <strong>Signing secrets and rotation</strong> page;
            neither they nor Stripe API keys are ever shown: only fingerprints. Every change is recorded in the audit log.
          </p>
        </div>
        <AdminNav current="/admin/endpoints" />
      </header>
      {endpoints.map((endpoint) => (
        <EndpointSettings
          key={endpoint.id}
          endpoint={{
            name: endpoint.name,
            path: endpoint.name === DEFAULT_ENDPOINT ? "/api/stripe/webhook" : `/api/stripe/webhook/${endpoint.name}`,
            description: endpoint.description,
            noReferencePolicy: endpoint.noReferencePolicy,
            toleranceSeconds: endpoint.toleranceSeconds,
            secrets: endpoint.secrets.filter((secret) => secret.status === "active").length,
            events: endpoint._count.events,
            thin: endpoint.thin,
            confirmEventTypes: endpoint.confirmTypesSet ? endpoint.confirmEventTypes : null,
            stripeKey: stripeKeyState(endpoint),
          }}
          defaultToleranceSeconds={env().HOOKWARDEN_TOLERANCE_SECONDS}
          toleranceLimits={TOLERANCE_LIMITS}
          defaultConfirmEventTypes={DEFAULT_CONFIRM_EVENT_TYPES}
          updateEndpoint={updateEndpointAction}
          setStripeKey={setEndpointStripeKeyAction}
        />
      ))}
    </div>
  );
}
