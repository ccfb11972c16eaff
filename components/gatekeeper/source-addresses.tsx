"use client";

import { Plus, RefreshCw, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Input } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ActionResult } from "@/server/auth/action";
import type { RefreshedAddresses } from "@/server/gatekeeper/sources/refresh-source-addresses";
import type { SourceAddressView } from "@/server/gatekeeper/views/list-source-addresses";
import { useActionResult } from "./use-action-result";

export type SourceAddressActions = {
  add: (input: { address: string; note?: string }) => Promise<ActionResult<{ address: string }>>;
  remove: (input: { address: string; reason: string }) => Promise<ActionResult<{ address: string; remaining: number }>>;
  refresh: (input: { reason: string }) => Promise<ActionResult<RefreshedAddresses>>;
};

const ORIGIN = { shipped: { label: "shipped", tone: "neutral" }, stripe: { label: "from Stripe", tone: "info" }, admin: { label: "added by hand", tone: "waiting" } } as const;

/** Stripe's webhook addresses as intake compares them; admins add, remove and refresh them from Stripe's published list. */
export function SourceAddresses({ addresses, refreshUrl, actions }: { addresses: SourceAddressView[]; refreshUrl: string; actions?: SourceAddressActions }) {
  const settle = useActionResult();
  return (
    <div className="flex flex-col gap-3">
      {actions ? (
        <div className="flex flex-wrap items-start gap-3">
          <AddAddressForm add={actions.add} />
          <ConfirmDialog
            trigger={
              <Button size="sm" variant="outline" data-testid="refresh-addresses">
                <RefreshCw aria-hidden /> Refresh from Stripe…
              </Button>
            }
            title="Refresh from Stripe's published list?"
            description={<>Hookwarden reads <code className="font-mono text-xs">{refreshUrl}</code> and makes the list match it.</>}
            consequences={[
              "Shipped and earlier-refreshed addresses Stripe no longer publishes are removed; new ones are added.",
              "Addresses added by hand are kept.",
              "With no network, or an answer that is not the list, nothing changes and you are told why.",
            ]}
            confirmLabel="Refresh"
            requireReason
            defaultReason="Stripe announced a change of its webhook addresses"
            onConfirm={({ reason }) =>
              settle(actions.refresh({ reason }), (data) => `Refreshed: ${data.added.length} added, ${data.removed.length} removed, ${data.total} addresses now.`)
            }
          />
        </div>
      ) : null}
      <Table aria-label="Stripe's webhook addresses" wrapperClassName="rounded-md border">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Address</TableHead>
            <TableHead>Origin</TableHead>
            <TableHead>Added</TableHead>
            <TableHead>Note</TableHead>
            {actions ? <TableHead className="w-10"><span className="sr-only">Remove</span></TableHead> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {addresses.map((address) => (
            <TableRow key={address.address} data-testid="source-address" data-address={address.address}>
              <TableCell className="font-mono text-[13px]">{address.address}</TableCell>
              <TableCell>
                <Badge tone={ORIGIN[address.origin]?.tone ?? "neutral"}>{ORIGIN[address.origin]?.label ?? address.origin}</Badge>
              </TableCell>
              <TableCell className="text-[13px]">
                <RelativeTime value={address.addedAt} focusable={false} /> <span className="text-muted-foreground">by {address.addedBy}</span>
              </TableCell>
              <TableCell className="max-w-xs whitespace-normal text-xs text-muted-foreground">{address.note ?? "—"}</TableCell>
              {actions ? (
                <TableCell>
                  <ConfirmDialog
                    trigger={
                      <Button size="icon-xs" variant="ghost" aria-label={`Remove ${address.address}`} data-testid="remove-address">
                        <Trash2 aria-hidden />
                      </Button>
                    }
                    title={`Remove ${address.address}?`}
                    description="It is no longer one of Stripe's webhook addresses for Hookwarden."
                    consequences={["Endpoints in enforce mode refuse requests from it with 403; in monitor mode they are flagged.", "A refresh from Stripe adds it back if Stripe still publishes it."]}
                    confirmLabel="Remove"
                    destructive
                    requireReason
                    onConfirm={({ reason }) => settle(actions.remove({ address: address.address, reason }), (data) => `${data.address} removed; ${data.remaining} addresses remain.`)}
                  />
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function AddAddressForm({ add }: { add: SourceAddressActions["add"] }) {
  const router = useRouter();
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const note = String(data.get("note") ?? "").trim();
    startTransition(async () => {
      const result = await add({ address: String(data.get("address") ?? ""), ...(note ? { note } : {}) });
      if (!result.ok) return setError(result.error.fields?.address ?? result.error.fields?.note ?? result.error.message);
      setError(null);
      form.current?.reset();
      toast.success(`${result.data.address} added to Stripe's webhook addresses.`);
      router.refresh();
    });
  }
  return (
    <form ref={form} onSubmit={submit} className="flex flex-wrap items-start gap-2" aria-label="Add an address" noValidate>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-address`} className="sr-only">
          Address to add
        </label>
        <Input id={`${id}-address`} name="address" placeholder="3.18.12.63 or 2600:1f18::1" className="h-8 w-56 font-mono" aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} required />
        {error ? (
          <p id={`${id}-error`} role="alert" className="max-w-xs text-xs text-destructive">
            {error}
          </p>
        ) : null}
      </div>
      <label htmlFor={`${id}-note`} className="sr-only">
        Note (why it belongs in the list)
      </label>
      <Input id={`${id}-note`} name="note" placeholder="Note: Stripe's announcement, a ticket" className="h-8 w-64" maxLength={200} />
      <Button type="submit" size="sm" variant="outline" loading={pending} data-testid="add-address">
        <Plus aria-hidden /> Add
      </Button>
    </form>
  );
}
