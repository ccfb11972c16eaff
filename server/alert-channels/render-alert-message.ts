import { ALERT_KINDS, type AlertKind, type AlertSeverity } from "../alerts/alert-kinds";
import { env } from "../env";
import { maskText } from "../masking/mask-text";

/** What a message says happened to one alert. `opened_and_resolved`: it ended before its opening could be delivered. */
export type AlertChange = "opened" | "resolved" | "opened_and_resolved";

export type AlertMessageItem = {
  /** The notification's id: the same in every channel and every retry, for receivers that deduplicate. */
  notificationId: string;
  alertId: string;
  change: AlertChange;
  kind: string;
  severity: AlertSeverity;
  subject: string | null;
  message: string;
  startedAt: Date;
  endedAt: Date | null;
  /** The ledger event an alert is about (an event that died), to link its page. */
  ledgerEventId: string | null;
};

export type OutgoingAlertMessage = {
  /** The alert_message row: unique per attempt. */
  id: string;
  /** `alert`: one alert; `digest`: several merged by the rate limit; `test`: a test send. */
  type: "alert" | "digest" | "test";
  channel: string;
  sentAt: Date;
  items: AlertMessageItem[];
  /** A digest's reason: the channel's rate limit, in messages per minute. */
  ratePerMinute?: number;
};

export type RenderedAlertMessage = {
  /** One line: an e-mail's subject, a notification's headline. */
  title: string;
  /** Plain text: an e-mail's body. */
  text: string;
  /** Slack mrkdwn. */
  slack: string;
  /** The generic webhook's JSON body. */
  json: Record<string, unknown>;
};

/** Lines a digest lists in text (Slack, e-mail); the webhook's JSON carries every item. */
const DIGEST_LINES = 25;

/** The console's public address (NEXTAUTH_URL, as everywhere else), without a trailing slash. */
export function consoleBaseUrl(): string {
  return (env().NEXTAUTH_URL ?? `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, "");
}

/** Where an alert is looked at: its event's page, or the overview's open alerts. */
function alertUrl(item: AlertMessageItem, base: string): string {
  return item.ledgerEventId ? `${base}/events/${encodeURIComponent(item.ledgerEventId)}` : `${base}/overview`;
}

export function kindLabel(kind: string): string {
  const words = kind.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function kindDescription(kind: string): string | null {
  return Object.hasOwn(ALERT_KINDS, kind) ? ALERT_KINDS[kind as AlertKind] : null;
}

/** Times in messages: minutes, UTC, readable at 3 a.m. */
export function messageTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function lasted(from: Date, to: Date): string {
  const seconds = Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} days`;
}

/** No line breaks (a header, a subject), trimmed to `max`. */
function oneLine(text: string, max: number): string {
  const flat = text.replace(/[\r\n\t]+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Slack's three control characters, escaped as its docs ask. */
function slackEscape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/**
 * What is said about an alert: scrubbed once more of secrets, e-mail addresses and card-like
 * numbers (alerts are written without them; this keeps it so, whatever a future alert says).
 */
function safeItem(item: AlertMessageItem) {
  return { ...item, subject: item.subject === null ? null : maskText(item.subject), message: maskText(item.message) };
}

function headline(item: AlertMessageItem): string {
  const what = kindLabel(item.kind);
  const about = item.subject ? ` (${oneLine(item.subject, 120)})` : "";
  if (item.change === "opened") return `${item.severity.toUpperCase()}: ${what} opened${about}`;
  if (item.change === "resolved") return `Resolved: ${what}${about}`;
  return `${item.severity.toUpperCase()}: ${what} opened and resolved${about}`;
}

function when(item: AlertMessageItem): string {
  if (!item.endedAt) return `Started ${messageTime(item.startedAt)}`;
  return `Started ${messageTime(item.startedAt)}, ended ${messageTime(item.endedAt)} (lasted ${lasted(item.startedAt, item.endedAt)})`;
}

function jsonItem(item: AlertMessageItem, base: string) {
  return {
    notification: item.notificationId,
    alert: item.alertId,
    change: item.change,
    kind: item.kind,
    kindDescription: kindDescription(item.kind),
    severity: item.severity,
    subject: item.subject,
    message: item.message,
    startedAt: item.startedAt.toISOString(),
    endedAt: item.endedAt?.toISOString() ?? null,
    url: alertUrl(item, base),
  };
}

/**
 * The same message for every kind of channel: one alert, a digest, or a test. It names the
 * alert's kind, severity, subject and message, when it started and ended, and where to look
 * in the console. It never carries a payload, a secret or personal data: alert messages are
 * written without them, and are scrubbed again here.
 */
export function renderAlertMessage(message: OutgoingAlertMessage, base = consoleBaseUrl()): RenderedAlertMessage {
  const items = message.items.map(safeItem);
  const envelope = { id: message.id, type: message.type, test: message.type === "test", channel: message.channel, sentAt: message.sentAt.toISOString(), console: base };

  if (message.type === "test") {
    const title = `[TEST] Hookwarden test message for the alert channel "${message.channel}"`;
    const body = `This is a test, sent ${messageTime(message.sentAt)}. No action needed: if you can read it, Hookwarden's alerts reach this channel.`;
    return {
      title,
      text: `${title}\n\n${body}\n\nHookwarden: ${base}/admin/alert-channels\n`,
      slack: `:test_tube: *${slackEscape(title)}*\n${slackEscape(body)}\n<${base}/admin/alert-channels|Open Hookwarden>`,
      json: { ...envelope, summary: title, alerts: [] },
    };
  }

  if (message.type === "alert" && items.length === 1) {
    const item = items[0]!;
    const title = headline(item);
    const url = alertUrl(item, base);
    const description = kindDescription(item.kind);
    const text = [title, "", item.message, "", when(item), ...(description ? [`What it means: ${description}`] : []), "", `Open in Hookwarden: ${url}`, ""].join("\n");
    const icon = item.change === "resolved" ? ":white_check_mark:" : item.severity === "critical" ? ":rotating_light:" : ":warning:";
    const slack = [`${icon} *${slackEscape(title)}*`, slackEscape(item.message), `_${slackEscape(when(item))}_`, `<${url}|Open in Hookwarden>`].join("\n");
    return { title, text, slack, json: { ...envelope, summary: title, alerts: [jsonItem(item, base)] } };
  }

  const title = `Hookwarden: ${items.length} alert changes`;
  const why =
    message.ratePerMinute !== undefined
      ? `More alerts changed than this channel's limit of ${message.ratePerMinute} messages a minute, so these are merged into one message.`
      : "These alerts changed together.";
  const lines = items.slice(0, DIGEST_LINES).map((item) => `• ${headline(item)}: ${oneLine(item.message, 200)} — ${when(item)}`);
  const more = items.length > DIGEST_LINES ? [`…and ${items.length - DIGEST_LINES} more: see the console.`] : [];
  const text = [title, why, "", ...lines, ...more, "", `Open in Hookwarden: ${base}/overview`, ""].join("\n");
  const slack = [`:bell: *${slackEscape(title)}*`, slackEscape(why), ...lines.map(slackEscape), ...more, `<${base}/overview|Open in Hookwarden>`].join("\n");
  return { title, text, slack, json: { ...envelope, summary: title, ...(message.ratePerMinute !== undefined ? { ratePerMinute: message.ratePerMinute } : {}), alerts: items.map((item) => jsonItem(item, base)) } };
}
