"use client";

import { TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { INTERNAL_WARNING } from "./destination-form";

type Flag = { id: string; checked: boolean; onChange: (checked: boolean) => void; error?: string };

/** A checkbox with what it means written under it (and the domain's refusal, when there is one). */
function FlagField({ id, checked, onChange, label, error, children }: Flag & { label: string; children: ReactNode }) {
  return (
    <div className="flex items-start gap-2.5">
      <Checkbox id={id} checked={checked} onCheckedChange={(value) => onChange(value === true)} className="mt-0.5" aria-describedby={`${id}-hint`} />
      <div className="grid gap-0.5">
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {children}
        </p>
        {error ? <p className="text-xs text-destructive">{error}</p> : null}
      </div>
    </div>
  );
}

/** "Forward released events", with what it means. */
export function ForwardReleasedField(props: Flag) {
  return (
    <FlagField {...props} label="Forward released events">
      Also send events an operator released from quarantine (applied although they did not match the registered payment). Off: your app receives only events that passed every check.
    </FlagField>
  );
}

/** "Allow internal addresses", with the warning of what it opens, in amber once ticked. */
export function AllowInternalField(props: Flag) {
  return (
    <FlagField {...props} label="Allow internal addresses">
      <span className={props.checked ? "text-amber-800 dark:text-amber-300" : undefined} data-testid="internal-warning">
        <TriangleAlert className="mr-1 inline size-3.5 align-[-2px]" aria-hidden />
        {INTERNAL_WARNING}
      </span>
    </FlagField>
  );
}
