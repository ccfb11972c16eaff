"use client";
// An unexpected failure while rendering a console page: say so plainly, give the reference to quote, offer a retry.
import { AlertTriangle } from "lucide-react";
import { Button } from "@/components/ui/button";

export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto flex max-w-xl flex-col items-center gap-3 rounded-lg border border-destructive/40 px-6 py-12 text-center">
      <AlertTriangle aria-hidden className="size-6 text-destructive" />
      <h1 className="text-lg font-semibold">This page could not be shown</h1>
      <p className="text-sm text-muted-foreground">
        Nothing was changed. The server logged the details{error.digest ? ` under reference ${error.digest}` : ""}; quote it when you report this.
      </p>
      <Button variant="outline" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
