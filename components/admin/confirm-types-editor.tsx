"use client";

import { Plus, RotateCcw, X } from "lucide-react";
import { useId, useState, type KeyboardEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

const EVENT_TYPE = /^[a-z0-9_.]+$/;

export type ConfirmTypesEditorProps = {
  /** The endpoint's own list, or null: the default list. */
  value: string[] | null;
  onChange: (value: string[] | null) => void;
  defaults: readonly string[];
  /** The server's complaint about the list, if any. */
  error?: string;
};

/**
 * The event types confirmed with Stripe before they apply, as an editable list. Editing
 * the default list makes it the endpoint's own; "Restore default" goes back to following
 * the default (which may grow in later versions).
 */
export function ConfirmTypesEditor({ value, onChange, defaults, error }: ConfirmTypesEditorProps) {
  const id = useId();
  const [draft, setDraft] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const types = value ?? [...defaults];

  const add = () => {
    const type = draft.trim();
    if (!type) return;
    if (!EVENT_TYPE.test(type)) {
      setProblem("An event type such as payment_intent.succeeded: lowercase letters, digits, dots and underscores.");
      return;
    }
    setProblem(null);
    setDraft("");
    if (!types.includes(type)) onChange([...types, type].sort());
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      add();
    }
  };

  return (
    <fieldset className="flex max-w-xl flex-col gap-2" aria-describedby={`${id}-hint`} data-testid="confirm-types">
      <legend className="mb-1 flex items-center gap-2 text-sm font-medium">
        Confirm with Stripe before applying
        <Badge tone={value === null ? "muted" : "info"}>{value === null ? "Default list" : "This endpoint's list"}</Badge>
      </legend>
      {types.length === 0 ? (
        <p className="rounded-md border border-dashed px-3 py-2 text-sm text-muted-foreground">None: every event applies as delivered, without asking Stripe.</p>
      ) : (
        <ul className="flex flex-wrap gap-1.5" aria-label="Event types confirmed with Stripe">
          {types.map((type) => (
            <li key={type} className="inline-flex items-center gap-0.5 rounded-md border bg-surface py-0.5 pl-2 pr-0.5 font-mono text-xs" data-type={type}>
              {type}
              <Button type="button" variant="ghost" size="icon-xs" aria-label={`Remove ${type}`} onClick={() => onChange(types.filter((candidate) => candidate !== type))}>
                <X aria-hidden />
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={`${id}-add`} className="sr-only">
          Event type to confirm
        </label>
        <Input
          id={`${id}-add`}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder="invoice.payment_succeeded"
          className="w-64 font-mono text-xs"
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${id}-hint`}
          autoComplete="off"
          spellCheck={false}
        />
        <Button type="button" variant="outline" size="sm" onClick={add}>
          <Plus aria-hidden /> Add
        </Button>
        {value !== null ? (
          <Button type="button" variant="ghost" size="sm" onClick={() => onChange(null)}>
            <RotateCcw aria-hidden /> Restore default
          </Button>
        ) : null}
      </div>
      <p id={`${id}-hint`} className={problem || error ? "text-xs text-destructive" : "text-xs text-muted-foreground"}>
        {problem ??
          error ??
          `Before applying an event of these types, Hookwarden asks Stripe for it and compares amount, currency, customer, status and reference. One Stripe does not know, or holds differently, was signed with a leaked secret: it is quarantined as "Unconfirmed by Stripe". One request per such event; without a Stripe key, events apply unconfirmed.${value === null ? "" : ` The default list: ${defaults.join(", ")}.`}`}
      </p>
    </fieldset>
  );
}
