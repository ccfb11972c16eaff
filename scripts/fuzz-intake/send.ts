/**
 * Sending the fuzzer's requests: over keep-alive connections with node:http (any method, headers sent
 * twice, Latin-1 bytes, chunked bodies), or, for HTTP that node:http refuses to write, as raw bytes
 * over a socket of their own. Every answer is read in full; nothing is retried.
 */
import http from "node:http";
import net from "node:net";

export type Answer = {
  /** null: no HTTP answer at all (see `failure`). */
  status: number | null;
  /** `error.code` of a JSON error answer. */
  code: string | null;
  /** The answer says `"received":true`: intake recorded the delivery. */
  received: boolean;
  duplicate: boolean;
  /** Why there was no answer: a socket error code, "timeout", or "closed". */
  failure: string | null;
};

export type HttpSpec = { method: string; path: string; headers: Record<string, string | string[]>; body: Buffer; chunked: boolean };

/** Answers are small JSON documents; more than this is not read into memory. */
const MAX_ANSWER_BYTES = 64 * 1024;
const noAnswer = (failure: string): Answer => ({ status: null, code: null, received: false, duplicate: false, failure });

function readAnswer(status: number, text: string): Answer {
  let code: string | null = null;
  let received = false;
  let duplicate = false;
  try {
    const json = JSON.parse(text) as { error?: { code?: unknown }; received?: unknown; duplicate?: unknown };
    code = typeof json.error?.code === "string" ? json.error.code : null;
    received = json.received === true;
    duplicate = json.duplicate === true;
  } catch {
    // Not JSON: an answer from Node's own parser or from the framework (a 405, a 404 page).
  }
  return { status, code, received, duplicate, failure: null };
}

export function sendHttp(agent: http.Agent, port: number, spec: HttpSpec, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (answer: Answer) => {
      if (!settled) resolve(answer);
      settled = true;
    };
    const headers = spec.chunked ? spec.headers : { ...spec.headers, "content-length": String(spec.body.length) };
    const request = http.request({ host: "127.0.0.1", port, method: spec.method, path: spec.path, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
      });
      response.on("end", () => settle(readAnswer(response.statusCode ?? 0, Buffer.concat(chunks).toString("utf8"))));
      response.on("error", (error: NodeJS.ErrnoException) => settle(noAnswer(error.code ?? "response error")));
    });
    request.setTimeout(timeoutMs, () => request.destroy(Object.assign(new Error("timeout"), { code: "timeout" })));
    // An answer can come before the whole body is written (413, 431): a write error after it changes nothing.
    request.on("error", (error: NodeJS.ErrnoException) => settle(noAnswer(error.code ?? error.message)));
    request.end(spec.body);
  });
}

/** Writes `bytes` on a connection of its own and reads what comes back until the server closes it. */
export function sendRaw(port: number, bytes: Buffer, options: { halfClose: boolean }, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const chunks: Buffer[] = [];
    let failure: string | null = null;
    socket.setTimeout(timeoutMs, () => {
      failure = "timeout";
      socket.destroy();
    });
    socket.on("connect", () => {
      socket.write(bytes);
      if (options.halfClose) socket.end();
    });
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      failure ??= error.code ?? error.message;
    });
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const statusLine = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (!statusLine) return resolve(noAnswer(failure ?? "closed"));
      const bodyStart = text.indexOf("\r\n\r\n");
      resolve(readAnswer(Number(statusLine[1]), bodyStart >= 0 ? text.slice(bodyStart + 4) : ""));
    });
  });
}
