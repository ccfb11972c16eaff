"use client";

import { Archive } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Consequences } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { LookBadge } from "@/components/ui/look-badge";
import { Label } from "@/components/ui/label";
import { NavigableTableBody, NavigableTableRow } from "@/components/ui/navigable-table";
import { RelativeTime, useNow } from "@/components/ui/relative-time";
import { Table, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { formatCountdown } from "@/components/ui/time";
import type { ActionResult } from "@/server/auth/action";
import type { SecretSummary } from "@/server/rotation/list-endpoint-secrets";
import { DialogFormEnd } from "./dialog-form-end";
import { SECRET_STATE_LOOKS } from "./looks";

export type RetireSecretAction = (input: { endpointName: string; fingerprint: string; reason?: string }) => Promise<ActionResult<{ fingerprint: string; completedRotation: string | null }>>;

const SOURCE_LABELS: Record<string, string> = {
  env: "STRIPE_WEBHOOK_SECRET",
  cli: "command line",
  api: "REST API",
  console: "console",
  rotation: "rotation through Stripe",
};

/** A secret's state in words, with the time it has left when it is expiring. */
function SecretState({ secret }: { secret: SecretSummary }) {
  const now = useNow();
  const look = SECRET_STATE_LOOKS[secret.state];
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <LookBadge look={look} value={secret.state} attribute="data-status" />
      {secret.state === "expiring" && secret.expiresAt ? (
        <span className="text-xs text-muted-foreground" suppressHydrationWarning data-testid="secret-time-left">
          {formatCountdown(Date.parse(secret.expiresAt) - now)} left
        </span>
      ) : null}
      {secret.state === "expired" && secret.expiresAt ? (
        <span className="text-xs text-muted-foreground">
          <RelativeTime value={secret.expiresAt} focusable={false} />
        </span>
      ) : null}
      {secret.state === "retired" && secret.retiredAt ? (
        <span className="text-xs text-muted-foreground">
          <RelativeTime value={secret.retiredAt} focusable={false} />
        </span>
      ) : null}
    </span>
  );
}

/**
 * An endpoint's signing secrets, newest first: only fingerprints and metadata ever reach the
 * browser. Each secret that still verifies can be retired, after a confirmation.
 */
export function SecretsTable({ endpointName, secrets, retireSecret }: { endpointName: string; secrets: SecretSummary[]; retireSecret: RetireSecretAction }) {
  return (
    <Table>
      <caption className="sr-only">Signing secrets of {endpointName}, newest first</caption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Fingerprint</TableHead>
          <TableHead scope="col">State</TableHead>
          <TableHead scope="col">Source</TableHead>
          <TableHead scope="col">Label</TableHead>
          <TableHead scope="col">Added</TableHead>
          <TableHead scope="col">Last verified a delivery</TableHead>
          <TableHead scope="col">
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <NavigableTableBody rowCount={secrets.length}>
        {secrets.map((secret, index) => (
          <NavigableTableRow key={secret.fingerprint} index={index} data-testid="secret-row" data-fingerprint={secret.fingerprint} data-state={secret.state}>
            <TableCell className="font-mono text-xs">{secret.fingerprint}</TableCell>
            <TableCell>
              <SecretState secret={secret} />
            </TableCell>
            <TableCell className="text-xs">{SOURCE_LABELS[secret.source] ?? secret.source}</TableCell>
            <TableCell className="max-w-56 truncate text-xs" title={secret.label ?? undefined}>
              {secret.label ?? <span className="text-muted-foreground">—</span>}
            </TableCell>
            <TableCell className="whitespace-nowrap text-xs">
              <RelativeTime value={secret.createdAt} focusable={false} />
            </TableCell>
            <TableCell className="whitespace-nowrap text-xs">{secret.lastMatchedAt ? <RelativeTime value={secret.lastMatchedAt} focusable={false} /> : "never"}</TableCell>
            <TableCell className="text-right">
              {secret.state === "retired" ? null : <RetireSecretDialog endpointName={endpointName} secret={secret} retireSecret={retireSecret} />}
            </TableCell>
          </NavigableTableRow>
        ))}
      </NavigableTableBody>
    </Table>
  );
}

/** Retire one secret now, with an optional reason; the server refuses the only secret that verifies, and its words are shown. */
function RetireSecretDialog({ endpointName, secret, retireSecret }: { endpointName: string; secret: SecretSummary; retireSecret: RetireSecretAction }) {
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get("reason") ?? "").trim();
    setError(null);
    startTransition(async () => {
      const result = await retireSecret({ endpointName, fingerprint: secret.fingerprint, ...(reason ? { reason } : {}) });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      toast.success(
        `Secret ${secret.fingerprint} is retired: deliveries signed only by it are refused from now on.${result.data.completedRotation ? " That completed the rotation going on." : ""}`,
      );
      setOpen(false);
      router.refresh();
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setError(null);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" aria-label={`Retire secret ${secret.fingerprint}`} data-testid="retire-secret">
          <Archive aria-hidden /> Retire
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4" data-testid="retire-dialog">
          <DialogHeader>
            <DialogTitle>Retire secret {secret.fingerprint}?</DialogTitle>
            <DialogDescription>It stops verifying deliveries to {endpointName} at once, for good.</DialogDescription>
          </DialogHeader>
          <Consequences
            lines={[
              "A delivery signed only by this secret is refused with 400 from now on, and Stripe retries it.",
              "A delivery that also carries a signature by another active secret still verifies.",
              "It cannot be undone: a retired secret never verifies again.",
            ]}
          />
          <div className="grid gap-1.5">
            <Label htmlFor={`${id}-reason`}>
              Reason <span className="text-xs font-normal text-muted-foreground">(optional)</span>
            </Label>
            <Textarea id={`${id}-reason`} name="reason" maxLength={500} placeholder="Kept in the audit log." />
          </div>
          <DialogFormEnd error={error} errorTestId="retire-error" pending={pending} submitLabel="Retire secret" submitTestId="confirm-retire" destructive />
        </form>
      </DialogContent>
    </Dialog>
  );
}
