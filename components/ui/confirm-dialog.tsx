"use client";

import { AlertTriangle } from "lucide-react";
import { useId, useState, useTransition, type ReactNode } from "react";
import { Button } from "./button";
import { canConfirm, DEFAULT_REASON_MIN_LENGTH, reasonProblem, type ActionResult } from "./confirm";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "./dialog";
import { Input } from "./input";
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
  /** For what cannot be undone: the confirm button stays disabled until this exact text (a name) is typed. */
  confirmText?: string;
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
  confirmText,
  onConfirm,
  onDone,
}: Omit<ConfirmDialogProps, "trigger" | "open" | "onOpenChange"> & { onDone: () => void }) {
  const [reason, setReason] = useState(defaultReason);
  const [typed, setTyped] = useState("");
  const typedId = useId();
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const problem = requireReason ? reasonProblem(reason, reasonMinLength) : null;
  const enabled = canConfirm({ requireReason, reason, minLength: reasonMinLength, pending, confirmText, typed });

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
      {consequences.length > 0 ? <Consequences lines={consequences} /> : null}
      {requireReason ? (
        <ReasonField value={reason} onChange={setReason} touched={touched} onBlur={() => setTouched(true)} problem={problem} label={reasonLabel} placeholder={reasonPlaceholder} autoFocus />
      ) : null}
      {confirmText !== undefined ? (
        <div className="grid gap-1.5">
          <Label htmlFor={typedId}>
            Type <code className="rounded bg-muted px-1 font-mono text-[13px]">{confirmText}</code> to confirm
          </Label>
          <Input id={typedId} value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" spellCheck={false} className="font-mono" data-testid="confirm-text" />
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

/** The effects of an action, spelled out before it is confirmed. */
export function Consequences({ lines, title = "What this will do" }: { lines: string[]; title?: string }) {
  return (
    <div className="rounded-md border bg-surface px-3 py-2.5 text-sm">
      <p className="mb-1 text-xs font-medium text-muted-foreground">{title}</p>
      <ul className="list-disc space-y-0.5 pl-4">
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

export type ReasonFieldProps = {
  value: string;
  onChange: (value: string) => void;
  /** Once touched (blurred or submitted), the problem replaces the hint. */
  touched: boolean;
  onBlur: () => void;
  /** Why the reason cannot be accepted yet (reasonProblem), or null. */
  problem: string | null;
  label?: string;
  placeholder?: string;
  autoFocus?: boolean;
};

/** The required reason of an action: kept in the audit log, so it says so. */
export function ReasonField({ value, onChange, touched, onBlur, problem, label = "Reason", placeholder = "Why? This is kept in the audit log.", autoFocus }: ReasonFieldProps) {
  const reasonId = useId();
  const hintId = useId();
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={reasonId}>
        {label} <span className="text-xs font-normal text-muted-foreground">(required)</span>
      </Label>
      <Textarea
        id={reasonId}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
        placeholder={placeholder}
        required
        aria-invalid={touched && problem ? true : undefined}
        aria-describedby={hintId}
        maxLength={500}
        autoFocus={autoFocus}
      />
      <p id={hintId} className={touched && problem ? "text-xs text-destructive" : "text-xs text-muted-foreground"}>
        {touched && problem ? problem : "Recorded with your name in the audit log."}
      </p>
    </div>
  );
}
