import { Search } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/** A GET form that looks one thing up: the page it submits to redirects to the thing's own page. */
export function LookupForm({ action, label, placeholder, defaultValue, hint }: { action: string; label: string; placeholder: string; defaultValue?: string; hint?: string }) {
  return (
    <form method="get" action={action} role="search" aria-label={`Look up by ${label.toLowerCase()}`} className="flex max-w-xl flex-col gap-1.5">
      <label htmlFor="lookup" className="text-sm font-medium">
        {label}
      </label>
      <div className="flex gap-2">
        <Input id="lookup" name="q" defaultValue={defaultValue} placeholder={placeholder} autoComplete="off" spellCheck={false} aria-describedby={hint ? "lookup-hint" : undefined} className="font-mono" />
        <Button type="submit">
          <Search aria-hidden />
          Look up
        </Button>
      </div>
      {hint ? (
        <p id="lookup-hint" className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
    </form>
  );
}
