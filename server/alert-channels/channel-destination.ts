/**
 * A channel's destination, checked before anything is stored, and what may be shown of it:
 * the host only. URLs carry tokens (a Slack webhook's path is its credential) and SMTP URLs
 * carry passwords, so nothing here ever puts the value itself in an error message.
 */

/** This machine: the only place a destination may be reached without TLS. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Why a Slack or webhook URL cannot be used, or null: https (http only to this machine), a host, no user:password part. */
export function webUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be a URL, such as https://hooks.example.com/hookwarden";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must start with https://";
  if (!url.hostname) return "must name a host";
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) return "must use https:// (plain http:// is accepted only for this machine: localhost, 127.0.0.1, ::1)";
  if (url.username || url.password) return "must not contain user:password@ (put a token in the path or query instead)";
  return null;
}

export type SmtpDestination = { secure: boolean; host: string; port: number; user: string | null; password: string | null };

/** Why an SMTP URL cannot be used, or null. */
export function smtpUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be a URL, such as smtp://user:password@smtp.example.com:587 or smtps://user:password@smtp.example.com:465";
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") return "must start with smtp:// (STARTTLS) or smtps:// (TLS)";
  if (!url.hostname) return "must name the SMTP server's host";
  if (url.password && !url.username) return "has a password but no user name";
  if ((url.pathname && url.pathname !== "/") || url.search || url.hash) return "must be only smtp[s]://[user:password@]host[:port]";
  try {
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
  } catch {
    return "has a user name or password that is not correctly %-encoded";
  }
  return null;
}

/** The parts of a valid SMTP URL (smtpUrlProblem first). The port defaults to 587 (smtp) or 465 (smtps). */
export function parseSmtpUrl(value: string): SmtpDestination {
  const url = new URL(value);
  const secure = url.protocol === "smtps:";
  return {
    secure,
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    user: url.username ? decodeURIComponent(url.username) : null,
    password: url.password ? decodeURIComponent(url.password) : null,
  };
}

/** What the console, the API and the audit log show of a destination: host, and port when it is not the scheme's default. */
export function destinationHost(value: string): string {
  const url = new URL(value);
  if (url.protocol === "smtp:" || url.protocol === "smtps:") {
    const smtp = parseSmtpUrl(value);
    return `${url.hostname}:${smtp.port}`;
  }
  return url.host;
}

/**
 * An error text with every piece of the destination that could be a credential taken out
 * (the whole URL, its path and query, the user name and password): what a transport's error
 * may echo back never reaches the database, the console or a log line.
 */
export function withoutDestination(text: string, destination: string): string {
  let url: URL | null = null;
  try {
    url = new URL(destination);
  } catch {
    return text.split(destination).join("[destination]");
  }
  const pieces = [destination, url.href, `${url.pathname}${url.search}`, url.pathname.length > 1 ? url.pathname : "", url.search, url.password, decodeSafely(url.password), url.username, decodeSafely(url.username)]
    .filter((piece) => piece.length >= 3)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const piece of pieces) out = out.split(piece).join("[redacted]");
  return out;
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
