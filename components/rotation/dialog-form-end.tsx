"use client";

import { Button } from "@/components/ui/button";
import { DialogClose, DialogFooter } from "@/components/ui/dialog";

/**
 * The end of a rotation dialog's form: the server's refusal in its own words (when there is
 * one), then Cancel and the submit button, which waits while the action runs.
 */
export function DialogFormEnd({ error, errorTestId, pending, submitLabel, submitTestId, destructive = false }: { error: string | null | undefined; errorTestId: string; pending: boolean; submitLabel: string; submitTestId: string; destructive?: boolean }) {
  return (
    <>
      {error ? (
        <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive" data-testid={errorTestId}>
          {error}
        </p>
      ) : null}
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" variant="outline" disabled={pending}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" variant={destructive ? "destructive" : "default"} loading={pending} data-testid={submitTestId}>
          {submitLabel}
        </Button>
      </DialogFooter>
    </>
  );
}
