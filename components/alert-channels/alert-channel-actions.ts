import type { AlertChannelSummary } from "@/server/alert-channels/alert-channel-summary";
import type { AlertChannelTest } from "@/server/alert-channels/test-alert-channel";
import type { ActionResult } from "@/server/auth/action";

/**
 * The page's server actions. Anything carrying a destination (a URL, an SMTP URL with its
 * password) is sent as FormData, never as a plain object, so that no development log can print it.
 * An operator's page gets `test` only; the server checks every role anyway.
 */
export type AlertChannelActions = {
  create?: (input: FormData) => Promise<ActionResult<AlertChannelSummary & { signingSecret?: string }>>;
  update?: (input: FormData | { id: string; enabled?: boolean; rotateSigningSecret?: boolean }) => Promise<ActionResult<AlertChannelSummary & { changed: boolean; signingSecret?: string }>>;
  remove?: (input: { id: string; reason: string }) => Promise<ActionResult<AlertChannelSummary & { deleted: true }>>;
  test: (input: { id: string }) => Promise<ActionResult<AlertChannelTest>>;
};

export const SEVERITY_CHOICES = [
  { value: "warning", label: "Every alert (warning and critical)" },
  { value: "critical", label: "Critical alerts only" },
] as const;

export const KIND_LABELS = { slack: "Slack", webhook: "Webhook", email: "E-mail" } as const;

/** Empties a form's destination fields (url, smtpUrl): a destination never stays in the page once sent, whatever the answer. */
export function forgetDestination(form: HTMLFormElement): void {
  for (const name of ["url", "smtpUrl"]) {
    const input = form.elements.namedItem(name);
    if (input instanceof HTMLInputElement) input.value = "";
  }
}
