"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { fieldClassName } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ActionResult } from "@/server/auth/action";
import type { SourcePolicy } from "@/server/gatekeeper/sources/source-policies";
import type { SourcePolicyChange } from "@/server/gatekeeper/sources/set-source-policy";
import type { SourcePolicyView } from "@/server/gatekeeper/views/list-source-policies";
import { useActionResult } from "./use-action-result";

export type SetPolicyAction = (input: { endpoint: string; policy: SourcePolicy; reason: string }) => Promise<ActionResult<SourcePolicyChange>>;

export const POLICY_MEANINGS: Record<SourcePolicy, string> = {
  off: "Addresses are not looked at.",
  monitor: "Deliveries from outside Stripe's addresses are processed as usual, and flagged.",
  enforce: "Requests from outside Stripe's addresses are refused with 403, before any signature work.",
};

const TONE = { off: "neutral", monitor: "info", enforce: "success" } as const;

/** Each endpoint's source policy, what its traffic of the last day says, and for admins a way to change it (with a reason). */
export function SourcePolicies({ policies, setPolicy, trustedProxies }: { policies: SourcePolicyView[]; setPolicy?: SetPolicyAction; trustedProxies: string[] }) {
  return (
    <Table aria-label="Source policy of each endpoint" wrapperClassName="rounded-md border">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Endpoint</TableHead>
          <TableHead>Policy</TableHead>
          <TableHead className="text-right">From outside, 24 h</TableHead>
          <TableHead className="text-right">Refused, 24 h</TableHead>
          {setPolicy ? <TableHead>Change</TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {policies.map((policy) => (
          <TableRow key={policy.endpoint} data-testid="source-policy" data-endpoint={policy.endpoint} data-policy={policy.policy}>
            <TableCell className="font-mono text-[13px]">{policy.endpoint}</TableCell>
            <TableCell>
              <Badge tone={TONE[policy.policy]}>{policy.policy}</Badge>
              <span className="block max-w-sm whitespace-normal text-xs text-muted-foreground">{POLICY_MEANINGS[policy.policy]}</span>
            </TableCell>
            <TableCell className="text-right tabular-nums">{policy.outsideDeliveries24h.toLocaleString("en-US")}</TableCell>
            <TableCell className="text-right tabular-nums">{policy.refused24h.toLocaleString("en-US")}</TableCell>
            {setPolicy ? (
              <TableCell>
                <PolicyChanger policy={policy} setPolicy={setPolicy} trustedProxies={trustedProxies} />
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function PolicyChanger({ policy, setPolicy, trustedProxies }: { policy: SourcePolicyView; setPolicy: SetPolicyAction; trustedProxies: string[] }) {
  const settle = useActionResult();
  const [wanted, setWanted] = useState<SourcePolicy>(policy.policy);
  const consequences =
    wanted === "enforce"
      ? [
          "Every request from an address not in Stripe's list is answered 403 before its signature is checked, and is not recorded.",
          policy.outsideDeliveries24h > 0
            ? `${policy.outsideDeliveries24h.toLocaleString("en-US")} verified deliveries of the last 24 h came from outside the list: they would have been refused.`
            : "No verified delivery of the last 24 h came from outside the list.",
          trustedProxies.length
            ? `Requests through the trusted proxies (${trustedProxies.join(", ")}) are judged by the client address they forward.`
            : "Behind a proxy or load balancer that is not in HOOKWARDEN_TRUSTED_PROXIES, every request seems to come from the proxy: enforce would refuse Stripe too.",
        ]
      : wanted === "monitor"
        ? ["Deliveries from outside Stripe's list are processed as usual and flagged in the decisions."]
        : ["Source addresses are no longer looked at: nothing is flagged or refused for its address."];
  return (
    <div className="flex min-w-48 items-center gap-2">
      <label htmlFor={`policy-${policy.endpoint}`} className="sr-only">
        New policy of {policy.endpoint}
      </label>
      <select id={`policy-${policy.endpoint}`} value={wanted} onChange={(event) => setWanted(event.target.value as SourcePolicy)} className={`${fieldClassName} h-8 w-32 shrink-0`} data-testid="policy-select">
        <option value="off">off</option>
        <option value="monitor">monitor</option>
        <option value="enforce">enforce</option>
      </select>
      <ConfirmDialog
        trigger={
          <Button size="xs" variant="outline" disabled={wanted === policy.policy} data-testid="save-policy">
            Save
          </Button>
        }
        title={`Set ${policy.endpoint} to ${wanted}?`}
        description={POLICY_MEANINGS[wanted]}
        consequences={[...consequences, "Takes effect within seconds on every server; recorded in the audit log."]}
        confirmLabel={`Set to ${wanted}`}
        destructive={wanted !== "monitor"}
        requireReason
        onConfirm={({ reason }) => settle(setPolicy({ endpoint: policy.endpoint, policy: wanted, reason }), (data) => (data.changed ? `${data.endpoint} is in ${data.policy} mode.` : `${data.endpoint} was in ${data.policy} mode already.`))}
      />
    </div>
  );
}
