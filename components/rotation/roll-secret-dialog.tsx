"use client";

import { RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { fieldClassName, Input } from "@/components/ui/input";
import type { ActionResult } from "@/server/auth/action";
import { DialogFormEnd } from "./dialog-form-end";

/** The new secret travels in a FormData (Next's development log prints a server action's plain arguments, and a secret must never be printed). */
export type RollSecretAction = (input: FormData) => Promise<ActionResult<{ rotationId: string; fingerprint: string; oldFingerprints: string[]; oldExpiresAt: string }>>;

export const OVERLAP_CHOICES = [0, 1, 6, 12, 24] as const;

const overlapText = (hours: number) => (hours === 0 ? "0 h: the old secrets stop now" : `${hours} h`);

/**
 * A manual roll, as in Stripe's Dashboard: the admin pastes the secret Stripe now shows. It goes
 * through a password field, to the server once, and is cleared whatever the answer; the page
 * shows only its fingerprint afterwards.
 */
export function RollSecretDialog({
  endpointName,
  rollSecret,
  disabledReason,
  reasonId,
  defaultOverlapHours,
}: {
  endpointName: string;
  rollSecret: RollSecretAction;
  /** Why rolling is unavailable now, or null. */
  disabledReason: string | null;
  /** The id of an element beside it that already says why (one note for both buttons); otherwise the reason is written under the button. */
  reasonId?: string;
  defaultOverlapHours: number;
}) {
  const router = useRouter();
  const id = useId();
  const secretInput = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const data = new FormData();
    data.set("endpointName", endpointName);
    data.set("secret", secretInput.current?.value.trim() ?? "");
    data.set("overlapHours", String(form.get("overlapHours") ?? defaultOverlapHours));
    const label = String(form.get("label") ?? "").trim();
    if (label) data.set("label", label);
    startTransition(async () => {
      const result = await rollSecret(data);
      // The secret leaves the page either way: it is never kept in the browser.
      if (secretInput.current) secretInput.current.value = "";
      if (!result.ok) {
        setErrors(result.error.fields ?? { form: result.error.message });
        return;
      }
      setErrors({});
      setOpen(false);
      const { fingerprint, oldExpiresAt } = result.data;
      const stops = Date.parse(oldExpiresAt) <= Date.now() + 1000 ? "The old secrets stopped verifying now." : `The old secrets verify until ${oldExpiresAt.replace("T", " ").slice(0, 16)} UTC.`;
      toast.success(`Secret ${fingerprint} added to ${endpointName}. ${stops}`);
      router.push(`/admin/rotations/${result.data.rotationId}`);
    });
  }

  const fieldError = (name: string) =>
    errors[name] ? (
      <p id={`${id}-${name}-error`} className="text-xs text-destructive">
        {errors[name]}
      </p>
    ) : null;

  return (
    <div className="flex flex-col gap-1">
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setErrors({});
      }}
    >
      <DialogTrigger asChild>
        <Button disabled={disabledReason !== null} aria-describedby={disabledReason ? (reasonId ?? `${id}-disabled`) : undefined} data-testid="roll-secret">
          <RefreshCw aria-hidden /> Roll secret…
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-xl">
        <form onSubmit={submit} className="grid gap-4" noValidate data-testid="roll-dialog" aria-label={`Roll the signing secret of ${endpointName}`}>
          <DialogHeader>
            <DialogTitle>Roll the signing secret of {endpointName}</DialogTitle>
            <DialogDescription>
              In Stripe&apos;s Dashboard, open the webhook endpoint that delivers here and choose <strong>Roll secret</strong>. Paste the new secret Stripe shows. Hookwarden verifies
              with old and new secrets during the overlap, then only with the new one.
            </DialogDescription>
          </DialogHeader>
          <div className="grid gap-1.5">
            <label htmlFor={`${id}-secret`} className="text-sm font-medium">
              New signing secret
            </label>
            <Input
              ref={secretInput}
              id={`${id}-secret`}
              type="password"
              autoComplete="off"
              spellCheck={false}
              placeholder="whsec_…"
              className="font-mono"
              aria-invalid={errors.secret ? true : undefined}
              aria-describedby={errors.secret ? `${id}-secret-error` : `${id}-secret-hint`}
              data-1p-ignore
              data-lpignore="true"
              autoFocus
            />
            {fieldError("secret") ?? (
              <p id={`${id}-secret-hint`} className="text-xs text-muted-foreground">
                Stored encrypted and never shown again: only its fingerprint.
              </p>
            )}
          </div>
          <div className="grid gap-1.5">
            <label htmlFor={`${id}-overlap`} className="text-sm font-medium">
              Old secrets keep verifying for
            </label>
            <select
              id={`${id}-overlap`}
              name="overlapHours"
              defaultValue={String(defaultOverlapHours)}
              className={`${fieldClassName} h-9 w-64`}
              aria-invalid={errors.overlapHours ? true : undefined}
              aria-describedby={errors.overlapHours ? `${id}-overlapHours-error` : `${id}-overlap-hint`}
            >
              {OVERLAP_CHOICES.map((hours) => (
                <option key={hours} value={hours}>
                  {overlapText(hours)}
                  {hours === defaultOverlapHours ? " (default)" : ""}
                </option>
              ))}
            </select>
            {fieldError("overlapHours") ?? (
              <p id={`${id}-overlap-hint`} className="text-xs text-muted-foreground">
                Stripe keeps signing with the old secret for at most 24 hours after a roll (choose the same expiry there), so a longer overlap buys nothing. 0 stops a leaked
                secret at once: deliveries Stripe still signs only with it are then refused, and Stripe retries them.
              </p>
            )}
          </div>
          <div className="grid gap-1.5">
            <label htmlFor={`${id}-label`} className="text-sm font-medium">
              Label <span className="font-normal text-muted-foreground">(optional)</span>
            </label>
            <Input id={`${id}-label`} name="label" maxLength={100} placeholder="e.g. yearly rotation, INC-123" aria-invalid={errors.label ? true : undefined} aria-describedby={errors.label ? `${id}-label-error` : undefined} />
            {fieldError("label")}
          </div>
          <DialogFormEnd error={errors.form ?? errors.endpointName ?? errors.body} errorTestId="roll-error" pending={pending} submitLabel="Roll secret" submitTestId="confirm-roll" />
        </form>
      </DialogContent>
    </Dialog>
      {disabledReason && !reasonId ? (
        <p id={`${id}-disabled`} className="max-w-sm text-xs text-muted-foreground" data-testid="roll-unavailable">
          {disabledReason}
        </p>
      ) : null}
    </div>
  );
}
