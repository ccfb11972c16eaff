import type { ReactNode } from "react";

/**
 * A labelled field with its hint, or its error once the server has answered (the domain's
 * message for that field, next to it). The control inside points at `${id}-hint` or `${id}-error`
 * with aria-describedby.
 */
export function FormField({ id, label, hint, error, children }: { id: string; label: ReactNode; hint: ReactNode; error?: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-xs text-destructive" data-testid={`${id}-error`}>
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
    </div>
  );
}
