import { maskText } from "../masking/mask-text";
import { destinationHost, isLoopbackHost, parseSmtpUrl, withoutDestination } from "./channel-destination";
import type { OpenedAlertChannel } from "./open-alert-channel";
import { renderAlertMessage, type OutgoingAlertMessage } from "./render-alert-message";
import { SIGNATURE_HEADER, webhookSignatureHeader } from "./webhook-signature";

/** A destination that does not answer within this long counts as a failed attempt (and is retried later). */
export const SEND_TIMEOUT_MS = 10_000;
const USER_AGENT = "Hookwarden-Alerts/1";

/** Why a message was not delivered, in words safe to store, show and log: never the URL, a credential or the secret. */
export class AlertSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AlertSendError";
  }
}

/**
 * Sends one message to one channel, now: Slack (its incoming-webhook JSON), the generic
 * webhook (JSON signed with Hookwarden-Signature) or e-mail (SMTP, TLS required except to
 * this machine). Resolves once the destination accepted it (2xx, or the SMTP server's 250);
 * throws an AlertSendError otherwise. Redirects are not followed: a signed body goes only
 * where it was configured to go.
 */
export async function sendAlertMessage(channel: OpenedAlertChannel, message: OutgoingAlertMessage): Promise<void> {
  const rendered = renderAlertMessage(message);
  const host = destinationHost(channel.destination);
  try {
    if (channel.kind === "slack") {
      await postJson(channel.destination, host, JSON.stringify({ text: rendered.slack }), {});
    } else if (channel.kind === "webhook") {
      if (!channel.signingSecret) throw new AlertSendError("this webhook channel has no signing secret: rotate it to make one");
      const body = JSON.stringify(rendered.json);
      const signature = webhookSignatureHeader(body, channel.signingSecret, Math.floor(Date.now() / 1000));
      await postJson(channel.destination, host, body, { [SIGNATURE_HEADER]: signature, "Hookwarden-Message-Id": message.id });
    } else {
      await sendEmail(channel, host, rendered.title, rendered.text, message.id);
    }
  } catch (error) {
    const text = error instanceof AlertSendError ? error.message : `${host}: ${error instanceof Error ? error.message : String(error)}`;
    throw new AlertSendError(withoutDestination(maskText(oneLine(text, 400)), channel.destination));
  }
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

async function postJson(url: string, host: string, body: string, headers: Record<string, string>): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "user-agent": USER_AGENT, ...headers },
      redirect: "manual",
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (error) {
    throw new AlertSendError(networkProblem(error, host));
  }
  if (response.status >= 200 && response.status < 300) {
    await response.body?.cancel().catch(() => undefined);
    return;
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel().catch(() => undefined);
    throw new AlertSendError(`${host} answered HTTP ${response.status} (a redirect, which is not followed): use the final URL`);
  }
  const answer = oneLine(await response.text().catch(() => ""), 120);
  throw new AlertSendError(`${host} answered HTTP ${response.status}${answer ? `: ${answer}` : ""}`);
}

/** fetch's failures, in words: timeout, refused, unknown host, a certificate. */
function networkProblem(error: unknown, host: string): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return `${host} did not answer within ${SEND_TIMEOUT_MS / 1000} s`;
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const code = cause?.code;
  if (code === "ECONNREFUSED") return `${host} refused the connection`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `${host}: no such host (DNS)`;
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return `${host} closed the connection`;
  if (code && /CERT|TLS|SSL/.test(code)) return `${host}: its TLS certificate was refused (${code})`;
  if (code === "UND_ERR_CONNECT_TIMEOUT") return `${host}: could not connect within ${SEND_TIMEOUT_MS / 1000} s`;
  return `${host}: ${code ?? cause?.message ?? (error instanceof Error ? error.message : "could not be reached")}`;
}

type SmtpError = Error & { code?: string; responseCode?: number; response?: string };

async function sendEmail(channel: OpenedAlertChannel, host: string, subject: string, text: string, messageId: string): Promise<void> {
  const smtp = parseSmtpUrl(channel.destination);
  const local = isLoopbackHost(smtp.host);
  const { createTransport } = await import("nodemailer");
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    // Credentials and alerts never cross a network in the clear: smtp:// must upgrade with STARTTLS, and certificates are
    // verified. A relay on this machine (localhost) may answer without TLS or with a self-signed certificate.
    requireTLS: !smtp.secure && !local,
    tls: { servername: smtp.host, rejectUnauthorized: !local },
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? "" } : undefined,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    await transport.sendMail({
      from: channel.emailFrom ?? undefined,
      to: channel.emailTo,
      subject: oneLine(`[Hookwarden] ${subject}`, 200),
      text,
      headers: { "X-Hookwarden-Message-Id": messageId },
    });
  } catch (error) {
    const smtpError = error as SmtpError;
    const reply = smtpError.response ? oneLine(smtpError.response, 200) : smtpError.message;
    throw new AlertSendError(`${host}: SMTP ${smtpError.code ?? "error"}${smtpError.responseCode ? ` ${smtpError.responseCode}` : ""}: ${reply}`);
  } finally {
    transport.close();
  }
}
