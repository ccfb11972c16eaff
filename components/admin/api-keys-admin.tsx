"use client";

import { KeyRound } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { fieldClassName, Input } from "@/components/ui/input";
import { NavigableTableBody, NavigableTableRow } from "@/components/ui/navigable-table";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ActionResult } from "@/server/auth/action";
import type { ApiKeySummary } from "@/server/auth/api-key-summary";
import { ROLES } from "@/server/auth/roles";

type Actions = {
  createKey: (input: FormData) => Promise<ActionResult<ApiKeySummary & { key: string }>>;
  revokeKey: (input: { id: string; reason: string }) => Promise<ActionResult<ApiKeySummary>>;
};

const ROLE_MEANING: Record<(typeof ROLES)[number], string> = {
  viewer: "reads events, payments, subscriptions and entitlements",
  operator: "also registers payments and releases, rejects or replays events",
  admin: "everything an operator may",
};

/** API keys: create one (shown once, in a dialog), list them by prefix, revoke with a reason. */
export function ApiKeysAdmin({ keys, actions }: { keys: ApiKeySummary[]; actions: Actions }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<(ApiKeySummary & { key: string }) | null>(null);

  function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    startTransition(async () => {
      const result = await actions.createKey(data);
      if (!result.ok) {
        setErrors(result.error.fields ?? { form: result.error.message });
        return;
      }
      setErrors({});
      form.reset();
      setCreated(result.data);
      router.refresh();
    });
  }

  return (
    <div className="flex flex-col gap-8">
      <section aria-labelledby="create-key-heading" className="flex flex-col gap-3">
        <h2 id="create-key-heading" className="text-base font-semibold">
          Create an API key
        </h2>
        <form onSubmit={create} className="grid max-w-3xl grid-cols-1 items-start gap-3 md:grid-cols-[1fr_12rem_auto]" noValidate>
          <div className="flex flex-col gap-1">
            <label htmlFor="key-name" className="text-sm font-medium">
              Name
            </label>
            <Input id="key-name" name="name" placeholder="billing-service" required maxLength={100} aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? "key-name-error" : "key-name-hint"} />
            {errors.name ? (
              <p id="key-name-error" className="text-xs text-destructive">
                {errors.name}
              </p>
            ) : (
              <p id="key-name-hint" className="text-xs text-muted-foreground">
                Who uses it, so you know what breaks when you revoke it.
              </p>
            )}
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="key-role" className="text-sm font-medium">
              Role
            </label>
            <select id="key-role" name="role" defaultValue="viewer" className={`${fieldClassName} h-9`} aria-describedby="key-role-hint">
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {role}
                </option>
              ))}
            </select>
            <p id="key-role-hint" className="text-xs text-muted-foreground">
              Give the weakest role that works.
            </p>
          </div>
          <Button type="submit" className="md:mt-6" loading={pending}>
            <KeyRound aria-hidden />
            Create key
          </Button>
        </form>
        <ul className="text-xs text-muted-foreground">
          {ROLES.map((role) => (
            <li key={role}>
              <span className="font-medium text-foreground">{role}</span>: {ROLE_MEANING[role]}
            </li>
          ))}
        </ul>
        {errors.form ? (
          <p role="alert" className="text-sm text-destructive">
            {errors.form}
          </p>
        ) : null}
      </section>

      <Dialog open={created !== null} onOpenChange={(open) => (open ? null : setCreated(null))}>
        <DialogContent>
          {created ? (
            <>
              <DialogHeader>
                <DialogTitle>API key {created.name} created</DialogTitle>
                <DialogDescription>Copy it now. It is shown once: Hookwarden keeps only a hash, so no one can show it again. Lost it? Revoke it and create another.</DialogDescription>
              </DialogHeader>
              <div className="flex items-center gap-2 rounded-md border bg-surface py-1.5 pl-3 pr-1.5">
                <code className="min-w-0 flex-1 break-all font-mono text-sm" data-testid="new-api-key">
                  {created.key}
                </code>
                <CopyButton value={created.key} label="Copy the API key" />
              </div>
              <p className="text-xs text-muted-foreground">Use it as: Authorization: Bearer {created.key.slice(0, 17)}…</p>
              <DialogFooter>
                <Button onClick={() => setCreated(null)}>I have stored it</Button>
              </DialogFooter>
            </>
          ) : null}
        </DialogContent>
      </Dialog>

      <section aria-labelledby="keys-heading" className="flex flex-col gap-3">
        <h2 id="keys-heading" className="text-base font-semibold">
          API keys <span className="font-normal text-muted-foreground">({keys.length})</span>
        </h2>
        {keys.length === 0 ? (
          <p className="text-sm text-muted-foreground">No API key yet. Your app needs an operator key to register payments.</p>
        ) : (
          <Table>
            <caption className="sr-only">API keys, active first</caption>
            <TableHeader>
              <TableRow>
                <TableHead scope="col">Name</TableHead>
                <TableHead scope="col">Role</TableHead>
                <TableHead scope="col">Key</TableHead>
                <TableHead scope="col">Created</TableHead>
                <TableHead scope="col">Last used</TableHead>
                <TableHead scope="col">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <NavigableTableBody rowCount={keys.length}>
              {keys.map((key, index) => (
                <NavigableTableRow key={key.id} index={index} data-testid="api-key-row" data-prefix={key.prefix}>
                  <TableCell className="font-medium">{key.name}</TableCell>
                  <TableCell>{key.role}</TableCell>
                  <TableCell className="font-mono text-xs">hwk_{key.prefix}_…</TableCell>
                  <TableCell className="whitespace-nowrap">
                    <RelativeTime value={key.createdAt} focusable={false} />
                  </TableCell>
                  <TableCell className="whitespace-nowrap">{key.lastUsedAt ? <RelativeTime value={key.lastUsedAt} focusable={false} /> : "never"}</TableCell>
                  <TableCell className="text-right">
                    {key.revokedAt ? (
                      <Badge tone="muted">
                        Revoked <RelativeTime value={key.revokedAt} focusable={false} />
                      </Badge>
                    ) : (
                      <ConfirmDialog
                        trigger={
                          <Button variant="outline" size="sm" aria-label={`Revoke ${key.name}`}>
                            Revoke
                          </Button>
                        }
                        title={`Revoke ${key.name}?`}
                        description={
                          <>
                            The key <code className="font-mono">hwk_{key.prefix}_…</code> ({key.role}) stops working at its next request.
                          </>
                        }
                        consequences={["Every request with this key is refused with 401 from now on.", "It cannot be undone: create a new key for whoever still needs one."]}
                        confirmLabel="Revoke key"
                        destructive
                        requireReason
                        onConfirm={async ({ reason }) => {
                          const result = await actions.revokeKey({ id: key.id, reason });
                          if (!result.ok) return { ok: false, error: result.error.message };
                          router.refresh();
                          return { ok: true, message: `${key.name} is revoked; requests with it are refused.` };
                        }}
                      />
                    )}
                  </TableCell>
                </NavigableTableRow>
              ))}
            </NavigableTableBody>
          </Table>
        )}
      </section>
      {pending ? <span className="sr-only" role="status">Working…</span> : null}
    </div>
  );
}
