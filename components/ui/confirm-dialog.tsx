"use client";

import { AlertTriangle } from "lucide-react";
import { useId, useState, useTransition, type ReactNode } from "react";
import { Button } from "./button";
import { canConfirm, DEFAULT_REASON_MIN_LENGTH, reasonProblem, type ActionResult } from "./confirm";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "./dialog";
import { Label } from "./label";
import { Textarea } from "./textarea";
import { toast } from "sonner";

export type ConfirmDialogProps = {
  /** The element that opens the dialog (a Button). Omit it to control the dialog with `open`. */
  trigger?: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  title: string;
  /** One or two sentences: what will happen, to what. */
  description: ReactNode;
  /** The effects, spelled out ("Applies the event once, without the cross-check"). */
  consequences?: string[];
  confirmLabel: string;
  destructive?: boolean;
  /** Ask why; the confirm button stays disabled until a reason is typed. */
  requireReason?: boolean;
  reasonLabel?: string;
  reasonPlaceholder?: string;
  reasonMinLength?: number;
  /** Prefill the reason (e.g. the incident ticket). */
  defaultReason?: string;
  /**
   * Does the action. Return `{ ok: false, error }` to keep the dialog open and show the error;
   * `{ ok: true, message }` closes it and toasts the message. A server action fits here directly.
   */
  onConfirm: (input: { reason: string }) => Promise<ActionResult | void> | ActionResult | void;
};

export function ConfirmDialog({ trigger, open, onOpenChange, ...formProps }: ConfirmDialogProps) {
  const [uncontrolledOpen, setUncontrolledOpen] = useState(false);
  const isOpen = open ?? uncontrolledOpen;
  const setOpen = (next: boolean) => {
    setUncontrolledOpen(next);
    onOpenChange?.(next);
  };
  return (
    <Dialog open={isOpen} onOpenChange={setOpen}>
      {trigger ? <DialogTrigger asChild>{trigger}</DialogTrigger> : null}
      <DialogContent>{isOpen ? <ConfirmForm {...formProps} onDone={() => setOpen(false)} /> : null}</DialogContent>
    </Dialog>
  );
}

/** The dialog's body; rendered fresh each time the dialog opens, so a reason never lingers. */
export function ConfirmForm({
  title,
  description,
  consequences = [],
  confirmLabel,
  destructive = false,
  requireReason = false,
  reasonLabel = "Reason",
  reasonPlaceholder = "Why? This is kept in the audit log.",
  reasonMinLength = DEFAULT_REASON_MIN_LENGTH,
  defaultReason = "",
  onConfirm,
  onDone,
}: Omit<ConfirmDialogProps, "trigger" | "open" | "onOpenChange"> & { onDone: () => void }) {
  const [reason, setReason] = useState(defaultReason);
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const reasonId = useId();
  const hintId = useId();
  const problem = requireReason ? reasonProblem(reason, reasonMinLength) : null;
  const enabled = canConfirm({ requireReason, reason, minLength: reasonMinLength, pending });

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!enabled) return;
    setError(null);
    startTransition(async () => {
      try {
        const result = await onConfirm({ reason: reason.trim() });
        if (result && !result.ok) {
          setError(result.error);
          return;
        }
        toast.success(result?.message ?? `${confirmLabel}: done`);
        onDone();
      } catch {
        setError("Something went wrong; nothing was confirmed. Try again, or check the server log.");
      }
    });
  };

  return (
    <form onSubmit={submit} className="grid gap-4" data-testid="confirm-dialog">
      <DialogHeader>
        <DialogTitle className="flex items-center gap-2">
          {destructive ? <AlertTriangle className="size-4 text-destructive" aria-hidden /> : null}
          {title}
        </DialogTitle>
        <DialogDescription asChild>
          <div>{description}</div>
        </DialogDescription>
      </DialogHeader>
      {consequences.length > 0 ? (
        <div className="rounded-md border bg-surface px-3 py-2.5 text-sm">
          <p className="mb-1 text-xs font-medium text-muted-foreground">What this will do</p>
          <ul className="list-disc space-y-0.5 pl-4">
            {consequences.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {requireReason ? (
        <div className="grid gap-1.5">
          <Label htmlFor={reasonId}>
            {reasonLabel} <span className="text-xs font-normal text-muted-foreground">(required)</span>
          </Label>
          <Textarea
            id={reasonId}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            onBlur={() => setTouched(true)}
            placeholder={reasonPlaceholder}
            required
            aria-invalid={touched && problem ? true : undefined}
            aria-describedby={hintId}
            maxLength={500}
            autoFocus
          />
          <p id={hintId} className={touched && problem ? "text-xs text-destructive" : "text-xs text-muted-foreground"}>
            {touched && problem ? problem : "Recorded with your name in the event's history."}
          </p>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
          {error}
        </p>
      ) : null}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline" disabled={pending}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" variant={destructive ? "destructive" : "default"} disabled={!enabled} loading={pending} data-testid="confirm-action">
          {confirmLabel}
        </Button>
      </DialogFooter>
    </form>
  );
}
