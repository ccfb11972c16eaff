"use client";

import { BellPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { fieldClassName, Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { ALERT_CHANNEL_KINDS, type AlertChannelKind } from "@/server/alert-channels/alert-channel-kinds";
import { KIND_LABELS, SEVERITY_CHOICES, forgetDestination, type AlertChannelActions } from "./alert-channel-actions";

const URL_HINT: Record<Exclude<AlertChannelKind, "email">, string> = {
  slack: "Slack: an app's Incoming Webhooks page gives it (https://hooks.slack.com/services/…). Stored encrypted; only its host is shown again.",
  webhook: "Where Hookwarden POSTs signed JSON. https:// (http:// only to this machine). Stored encrypted; only its host is shown again.",
};

/** Add a channel: kind, name, minimum severity and the destination; the destination's secret parts leave the page once, in a FormData. */
export function AddAlertChannelForm({ create, onSigningSecret }: { create: NonNullable<AlertChannelActions["create"]>; onSigningSecret: (shown: { channel: string; secret: string }) => void }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<AlertChannelKind>("slack");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const data = new FormData(element);
    startTransition(async () => {
      const result = await create(data);
      forgetDestination(element);
      if (!result.ok) {
        setErrors(result.error.fields ?? { form: result.error.message });
        return;
      }
      setErrors({});
      element.reset();
      setKind("slack");
      toast.success(`Alert channel ${result.data.name} added (${result.data.destination}); recorded in the audit log. Send it a test.`);
      if (result.data.signingSecret) onSigningSecret({ channel: result.data.name, secret: result.data.signingSecret });
      router.refresh();
    });
  }

  const describedBy = (name: string) => (errors[name] ? `channel-${name}-error` : `channel-${name}-hint`);
  return (
    <section aria-labelledby="add-channel-heading" className="flex flex-col gap-3">
      <h2 id="add-channel-heading" className="text-base font-semibold">
        Add a channel
      </h2>
      <form ref={form} onSubmit={submit} className="grid max-w-4xl grid-cols-1 items-start gap-3 md:grid-cols-3" noValidate aria-label="Add an alert channel">
        <FormField id="channel-kind" label="Kind" hint={ALERT_CHANNEL_KINDS[kind]} error={errors.kind}>
          <select id="channel-kind" name="kind" value={kind} onChange={(event) => setKind(event.target.value as AlertChannelKind)} className={`${fieldClassName} h-9`} aria-describedby={describedBy("kind")}>
            {(Object.keys(KIND_LABELS) as AlertChannelKind[]).map((value) => (
              <option key={value} value={value}>
                {KIND_LABELS[value]}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="channel-name" label="Name" hint="Who reads it: ops-slack, payments-oncall." error={errors.name}>
          <Input id="channel-name" name="name" required maxLength={60} placeholder="ops-slack" aria-invalid={errors.name ? true : undefined} aria-describedby={describedBy("name")} />
        </FormField>
        <FormField id="channel-minSeverity" label="Sends" hint="Critical only suits a pager; everything suits a team channel." error={errors.minSeverity}>
          <select id="channel-minSeverity" name="minSeverity" defaultValue="warning" className={`${fieldClassName} h-9`} aria-describedby={describedBy("minSeverity")}>
            {SEVERITY_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </FormField>
        {kind === "email" ? (
          <>
            <FormField id="channel-smtpUrl" label="SMTP server" hint="smtp://user:password@host:587 (STARTTLS, required) or smtps://…:465. Stored encrypted; only host and port are shown again." error={errors.smtpUrl}>
              <Input id="channel-smtpUrl" name="smtpUrl" type="password" autoComplete="off" spellCheck={false} placeholder="smtp://alerts:…@smtp.example.com:587" className="font-mono" aria-invalid={errors.smtpUrl ? true : undefined} aria-describedby={describedBy("smtpUrl")} data-1p-ignore data-lpignore="true" />
            </FormField>
            <FormField id="channel-from" label="From" hint="The sender address your SMTP server allows." error={errors.from}>
              <Input id="channel-from" name="from" type="email" placeholder="hookwarden@example.com" aria-invalid={errors.from ? true : undefined} aria-describedby={describedBy("from")} />
            </FormField>
            <FormField id="channel-to" label="To" hint="Up to 20 addresses, separated by commas or new lines." error={errors.to}>
              <Textarea id="channel-to" name="to" rows={2} placeholder="oncall@example.com" aria-invalid={errors.to ? true : undefined} aria-describedby={describedBy("to")} />
            </FormField>
          </>
        ) : (
          <div className="md:col-span-3">
            <FormField id="channel-url" label={kind === "slack" ? "Incoming-webhook URL" : "Webhook URL"} hint={URL_HINT[kind]} error={errors.url}>
              <Input
                id="channel-url"
                name="url"
                type="password"
                autoComplete="off"
                spellCheck={false}
                placeholder={kind === "slack" ? "https://hooks.slack.com/services/…" : "https://alerts.example.com/hookwarden"}
                className="font-mono"
                aria-invalid={errors.url ? true : undefined}
                aria-describedby={describedBy("url")}
                data-1p-ignore
                data-lpignore="true"
              />
            </FormField>
          </div>
        )}
        <div className="md:col-span-3">
          <Button type="submit" loading={pending}>
            <BellPlus aria-hidden />
            Add channel
          </Button>
          {kind === "webhook" ? <span className="ml-3 text-xs text-muted-foreground">Its signing secret is shown once, next.</span> : null}
        </div>
      </form>
      {errors.form ? (
        <p role="alert" className="text-sm text-destructive">
          {errors.form}
        </p>
      ) : null}
    </section>
  );
}
