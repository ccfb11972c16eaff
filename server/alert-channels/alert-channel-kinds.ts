/** Where an alert channel sends, and what its destination is. */
export const ALERT_CHANNEL_KINDS = {
  slack: "A Slack incoming webhook (https://hooks.slack.com/services/...): one message per alert, in the channel the webhook posts to.",
  webhook: "A generic webhook: Hookwarden POSTs JSON to the URL, signed with the channel's own secret (Hookwarden-Signature).",
  email: "E-mail through an SMTP server (smtp://user:password@host:587 with STARTTLS, or smtps://...:465), to a list of addresses.",
} as const;
export type AlertChannelKind = keyof typeof ALERT_CHANNEL_KINDS;

export function isAlertChannelKind(value: unknown): value is AlertChannelKind {
  return typeof value === "string" && Object.hasOwn(ALERT_CHANNEL_KINDS, value);
}
