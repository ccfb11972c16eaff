import { createHmac, timingSafeEqual } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { startFakeServer } from "@/server/secrets/fakes/start-fake-server";

export type ReceivedRequest = { at: number; path: string; headers: Record<string, string | string[] | undefined>; body: string };

export type HttpReceiver = {
  /** The receiver's URL, with a token in its path (as a Slack webhook URL has). */
  url: string;
  requests: ReceivedRequest[];
  /** What it answers from now on: a status, or `hang` (never answers). */
  answer(next: number | "hang"): void;
  close(): Promise<void>;
};

/** A local HTTP server that records every request (the Slack or webhook end of an alert channel) and answers 200 unless told otherwise. */
export async function startHttpReceiver(token = "T000/B000/s3cr3tpathtoken"): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  let status: number | "hang" = 200;
  const server = await startFakeServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    requests.push({ at: Date.now(), path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
    if (status === "hang") return;
    res.writeHead(status, { "content-type": "text/plain" });
    res.end(status === 200 ? "ok" : "invalid_token");
  });
  return {
    url: `${server.url}/services/${token}`,
    requests,
    answer(next) {
      status = next;
    },
    close: () => server.close(),
  };
}

export type ReceivedMail = { from: string; to: string[]; user: string | null; subject: string; text: string; raw: string };

export type SmtpReceiver = { url: (credentials?: string) => string; port: number; mails: ReceivedMail[]; authAttempts: () => number; close(): Promise<void> };

/**
 * A local SMTP server (smtp-server) without STARTTLS that accepts `user`/`password` (PLAIN or LOGIN)
 * and keeps every message it receives. `host` is where it listens and what its URL names.
 */
export async function startSmtpReceiver(user = "alerts", password = "smtp-pa55word", host = "127.0.0.1"): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  let authAttempts = 0;
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, callback) {
      authAttempts += 1;
      if (auth.username === user && auth.password === password) callback(null, { user });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const parsed = parseMail(raw);
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((address) => address.address),
          user: typeof session.user === "string" ? session.user : null,
          ...parsed,
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: (credentials = `${user}:${password}`) => `smtp://${credentials ? `${credentials}@` : ""}${host.includes(":") ? `[${host}]` : host}:${port}`,
    mails,
    authAttempts: () => authAttempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The subject and the decoded text of a single-part message, as nodemailer writes one (7bit, quoted-printable or base64). */
function parseMail(raw: string): { subject: string; text: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1] ?? "";
  const encoding = header("Content-Transfer-Encoding").toLowerCase();
  const text =
    encoding === "quoted-printable"
      ? Buffer.from(body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8")
      : encoding === "base64"
        ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
        : body;
  return { subject: decodeWords(header("Subject")), text: text.replace(/\r\n/g, "\n") };
}

/** RFC 2047 encoded words (=?UTF-8?Q?...?= and =?UTF-8?B?...?=), joined. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, kind: string, data: string) =>
      kind.toUpperCase() === "B"
        ? Buffer.from(data, "base64").toString("utf8")
        : Buffer.from(data.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8"),
    );
}

/**
 * A receiver's check of Hookwarden-Signature, written from the README's description (not from
 * Hookwarden's code): HMAC-SHA256 of "<t>.<body>" with the secret, hex, compared in constant
 * time, `t` within 5 minutes of now.
 */
export function signatureVerifies(header: string | undefined, body: string, secret: string, now = Date.now()): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(",").map((part) => part.split("=", 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > 300 || !parts.v1) return false;
  const expected = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest();
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
