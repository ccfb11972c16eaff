"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/server/auth/action";
import type { RotationPolicy } from "@/server/rotation/set-rotation-policy";

export type SetRotationPolicyAction = (input: RotationPolicy) => Promise<ActionResult<{ endpoint: string; changed: boolean }>>;

/** An endpoint's rotation policy as a plain form, with what each setting does written next to it. */
export function RotationPolicyForm({
  endpointName,
  policy,
  reminderDays,
  setPolicy,
}: {
  endpointName: string;
  policy: { intervalDays: number | null; quietMinutes: number; autoRetire: boolean };
  reminderDays: number;
  setPolicy: SetRotationPolicyAction;
}) {
  const router = useRouter();
  const id = useId();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input: RotationPolicy = {
      endpointName,
      intervalDays: String(data.get("intervalDays") ?? "").trim(),
      quietMinutes: String(data.get("quietMinutes") ?? "").trim(),
      autoRetire: data.get("autoRetire") === "on",
    };
    startTransition(async () => {
      const result = await setPolicy(input);
      if (!result.ok) {
        setErrors(result.error.fields ?? { form: result.error.message });
        return;
      }
      setErrors({});
      toast.success(result.data.changed ? `${endpointName}: rotation policy saved, and recorded in the audit log.` : `${endpointName}: nothing changed.`);
      router.refresh();
    });
  }

  return (
    <form onSubmit={save} className="flex flex-col gap-4" aria-label={`Rotation policy of ${endpointName}`} data-testid="rotation-policy-form" noValidate>
      <div className="grid gap-4 md:grid-cols-2">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-interval`} className="text-sm font-medium">
            Rotate every (days)
          </label>
          <Input
            id={`${id}-interval`}
            name="intervalDays"
            type="number"
            inputMode="numeric"
            min={1}
            max={3650}
            step={1}
            defaultValue={policy.intervalDays ?? ""}
            placeholder="none"
            className="w-32"
            aria-invalid={errors.intervalDays ? true : undefined}
            aria-describedby={`${id}-interval-hint`}
          />
          <p id={`${id}-interval-hint`} className={errors.intervalDays ? "text-xs text-destructive" : "text-xs text-muted-foreground"}>
            {errors.intervalDays ??
              `Counted from when the newest secret that verifies was added. A reminder alert comes ${reminderDays} days before (HOOKWARDEN_ROTATION_REMINDER_DAYS); past the date, the overview flags the endpoint as overdue. Empty: no policy, no reminder.`}
          </p>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-quiet`} className="text-sm font-medium">
            Quiet period (minutes)
          </label>
          <Input
            id={`${id}-quiet`}
            name="quietMinutes"
            type="number"
            inputMode="numeric"
            min={1}
            max={1440}
            step={1}
            defaultValue={policy.quietMinutes}
            className="w-32"
            aria-invalid={errors.quietMinutes ? true : undefined}
            aria-describedby={`${id}-quiet-hint`}
          />
          <p id={`${id}-quiet-hint`} className={errors.quietMinutes ? "text-xs text-destructive" : "text-xs text-muted-foreground"}>
            {errors.quietMinutes ?? "During a roll, how long the new secret must verify every delivery, with none verified by an old one, before the old one may retire early."}
          </p>
        </div>
      </div>
      <label className="flex max-w-2xl items-start gap-2.5 rounded-md border p-3 text-sm has-[:checked]:border-foreground/40 has-[:checked]:bg-accent/50">
        <input type="checkbox" name="autoRetire" defaultChecked={policy.autoRetire} className="mt-0.5" />
        <span>
          <span className="font-medium">Retire the old secret automatically</span>
          <span className="block text-muted-foreground">
            After a quiet period, the roll completes on its own and the old secret is retired before the overlap ends. Unticked: the old secret verifies until its expiry, or
            until an admin retires it here.
          </span>
        </span>
      </label>
      {errors.form || errors.endpointName || errors.autoRetire ? (
        <p role="alert" className="text-sm text-destructive">
          {errors.form ?? errors.endpointName ?? errors.autoRetire}
        </p>
      ) : null}
      <div>
        <Button type="submit" variant="outline" loading={pending} data-testid="save-rotation-policy">
          Save policy
        </Button>
      </div>
    </form>
  );
}
