// GET /gatekeeper/sources — each endpoint's source policy, Stripe's webhook addresses and the flood limiter's blocks
// (gatekeeper.view: viewer; changing policies, the list and blocks: admin)
import type { Metadata } from "next";
import { GatekeeperNav } from "@/components/gatekeeper/gatekeeper-nav";
import { SourceAddresses } from "@/components/gatekeeper/source-addresses";
import { SourceBlocks } from "@/components/gatekeeper/source-blocks";
import { SourcePolicies } from "@/components/gatekeeper/source-policies";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ACTIONS, permits } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { listSources } from "@/server/gatekeeper/views/list-sources";
import { addSourceAddressAction, liftSourceBlockAction, refreshSourceAddressesAction, removeSourceAddressAction, setSourcePolicyAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sources · Gatekeeper · Hookwarden" };

export default async function SourcesPage() {
  const user = await requireUser(ACTIONS["gatekeeper.view"].role);
  const sources = await listSources();
  const canEdit = permits(user.role, "gatekeeper.edit_sources");
  const { failureLimit, blockMinutes, trustedProxies } = sources.settings;
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-6">
      <header className="flex flex-col gap-4">
        <div>
          <h1 className="text-lg font-semibold tracking-tight">Traffic sources</h1>
          <p className="max-w-3xl text-sm text-muted-foreground">
            Where deliveries come from: Stripe sends webhooks from a short published list of addresses. Each endpoint decides what to do with requests from elsewhere, and the flood
            limiter stops a source that keeps sending forged requests before any signature is computed.
          </p>
        </div>
        <GatekeeperNav current="/gatekeeper/sources" />
      </header>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Source policy of each endpoint</CardTitle>
          <CardDescription>
            <strong className="font-medium text-foreground">off</strong>: addresses are not looked at. <strong className="font-medium text-foreground">monitor</strong> (the default):
            deliveries from outside Stripe&apos;s list are processed and flagged. <strong className="font-medium text-foreground">enforce</strong>: they are refused with 403 before any work.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          <div role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-[13px] text-amber-900 dark:border-amber-800/70 dark:bg-amber-950/40 dark:text-amber-200" data-testid="proxy-note">
            Behind a proxy or load balancer, Hookwarden sees the proxy&apos;s address unless the proxy is listed in <code className="font-mono">HOOKWARDEN_TRUSTED_PROXIES</code> (then it reads
            the client address from X-Forwarded-For). With the proxy unlisted, <strong>enforce refuses Stripe too</strong>: check that &ldquo;from outside&rdquo; is 0 for genuine traffic
            before enforcing. {trustedProxies.length ? `Trusted proxies now: ${trustedProxies.join(", ")}.` : "No trusted proxy is configured."}
          </div>
          <SourcePolicies policies={sources.policies} setPolicy={permits(user.role, "gatekeeper.set_source_policy") ? setSourcePolicyAction : undefined} trustedProxies={trustedProxies} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Stripe&apos;s webhook addresses ({sources.addresses.length})</CardTitle>
          <CardDescription>
            Hookwarden ships the list Stripe published on {sources.list.shippedAsOf} (<a href={sources.list.page} className="underline underline-offset-4" rel="noreferrer" target="_blank">docs.stripe.com/ips</a>).
            Stripe announces changes 7 days ahead. {canEdit ? "Refresh it from Stripe's published JSON when the network allows, or edit it by hand." : "Admins refresh and edit it."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <SourceAddresses
            addresses={sources.addresses}
            refreshUrl={sources.list.refreshUrl}
            actions={canEdit ? { add: addSourceAddressAction, remove: removeSourceAddressAction, refresh: refreshSourceAddressesAction } : undefined}
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Blocked sources</CardTitle>
          <CardDescription>
            A source that sends {failureLimit} forged or malformed requests within a minute is answered 429 for {blockMinutes} minutes (HOOKWARDEN_SOURCE_FAILURE_LIMIT,
            HOOKWARDEN_SOURCE_BLOCK_MINUTES), twice as long at each repeat within a day, at most a day. Never blocked: Stripe&apos;s addresses, this machine, the trusted proxies, and any
            address that delivered a verified event in the last week, because blocking a shared address would refuse Stripe too.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {sources.blocks.current.length === 0 ? (
            <p className="text-sm text-muted-foreground" data-testid="no-blocks">
              No source is blocked now.
            </p>
          ) : (
            <SourceBlocks blocks={sources.blocks.current} label="Blocked now" lift={permits(user.role, "gatekeeper.lift_block") ? liftSourceBlockAction : undefined} />
          )}
          {sources.blocks.recent.length > 0 ? (
            <details>
              <summary className="cursor-pointer text-sm font-medium">Ended or lifted in the last week ({sources.blocks.recent.length})</summary>
              <div className="mt-3">
                <SourceBlocks blocks={sources.blocks.recent} label="Ended or lifted in the last week" />
              </div>
            </details>
          ) : null}
        </CardContent>
      </Card>
    </div>
  );
}
