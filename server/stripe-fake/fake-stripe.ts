import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { matchApiRoute } from "./api-routes";
import { FakeAccount } from "./fake-account";
import { FakeApiError } from "./fake-api-error";
import type { FakeCollection } from "./fake-collections";
import { FaultQueue, type FakeFault } from "./fault-queue";
import { handleControlRequest } from "./handle-control-request";
import { parseStripeQuery } from "./parse-stripe-query";
import { RequestWindow } from "./request-window";

export type { FakeCollection } from "./fake-collections";
export type { FakeFault } from "./fault-queue";

export type FakeStripeOptions = {
  /** Default 0 (a free port). The fake listens on 127.0.0.1 only. */
  port?: number;
  /** When set, a request beyond this many in the trailing 1000 ms gets 429 (counted in stats.rateLimited). */
  rateLimitPerSecond?: number;
  /** Milliseconds clock for the 30-day event retention; default Date.now. The rate limiter always uses real time. */
  now?: () => number;
  /** Artificial delay before each API response, in ms (default 0). */
  latencyMs?: number;
};

export type FakeStats = { requests: number; rateLimited: number; faultsServed: number; maxInAnySecond: number; byRoute: Record<string, number> };

/** Control bodies may carry a whole scripted account (100,000 objects is ~100 MB of JSON). */
const MAX_CONTROL_BODY_BYTES = 256 * 1024 * 1024;
const ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function requestId(): string {
  const bytes = randomBytes(14);
  let id = "req_";
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
}

function validateOptions(options: FakeStripeOptions): void {
  const { port, rateLimitPerSecond, latencyMs, now } = options;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) throw new TypeError(`port must be an integer 0..65535, got ${port}`);
  if (rateLimitPerSecond !== undefined && (!Number.isInteger(rateLimitPerSecond) || rateLimitPerSecond < 1)) {
    throw new TypeError(`rateLimitPerSecond must be a positive integer, got ${rateLimitPerSecond}`);
  }
  if (latencyMs !== undefined && (!Number.isFinite(latencyMs) || latencyMs < 0)) throw new TypeError(`latencyMs must be a number ≥ 0, got ${latencyMs}`);
  if (now !== undefined && typeof now !== "function") throw new TypeError("now must be a function answering milliseconds");
}

/**
 * A local HTTP server that speaks Stripe's REST wire format for what Hookwarden reads
 * (events, the six collections, v2 thin events), over a scripted account. Drive it with
 * the real `stripe` package: `new Stripe(key, { ...fake.clientOptions() })`.
 *
 * Per API request, in this order: the request is counted (stats, rate window); a
 * scripted fault matching it is served; beyond rateLimitPerSecond it gets 429; without
 * a `Bearer sk_…|rk_…` key it gets 401; then the endpoint answers. Every answer is JSON
 * with a `Request-Id` and, when the request sent one, the same `Stripe-Version`.
 *
 * The control API under /_fake/ (no key; only for Host 127.0.0.1 or localhost, and only
 * with Content-Type application/json on writes, so that a web page cannot script it) is
 * not counted in stats.
 */
export class FakeStripe {
  readonly url: string;
  readonly port: number;
  private readonly account: FakeAccount;
  private readonly faults = new FaultQueue();
  private readonly window = new RequestWindow();
  private counters: FakeStats = FakeStripe.emptyStats();

  private constructor(
    private readonly server: Server,
    private readonly options: FakeStripeOptions,
  ) {
    this.port = (server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
    this.account = new FakeAccount(options.now ?? Date.now);
    server.on("request", (request: IncomingMessage, response: ServerResponse) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) this.send(response, 500, { error: { type: "api_error", message: `the Stripe fake failed: ${String(error)}` } }, {});
        else response.destroy();
      });
    });
  }

  static async start(options: FakeStripeOptions = {}): Promise<FakeStripe> {
    validateOptions(options);
    const server = createServer();
    // Longer than stripe-node's keep-alive sockets usually idle, so the server seldom closes a
    // socket the client is about to reuse (stripe-node retries such an ECONNRESET once, even
    // with maxNetworkRetries 0, which would count one call twice).
    server.keepAliveTimeout = 60_000;
    server.headersTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    return new FakeStripe(server, options);
  }

  /** Options to spread into `new Stripe(key, { ...fake.clientOptions() })`. */
  clientOptions(): { host: string; port: number; protocol: "http" } {
    return { host: "127.0.0.1", port: this.port, protocol: "http" };
  }

  /** Insert or replace; `created` defaults to now (unix s), `object` to the collection's. Throws TypeError on a malformed object. */
  putObject(collection: FakeCollection, object: { id: string; created?: number; [k: string]: unknown }): void {
    this.account.putObject(collection, object);
  }

  /** A copy of the stored object (changing it changes nothing in the fake). */
  getObject(collection: FakeCollection, id: string): Record<string, unknown> | undefined {
    const object = this.account.getObject(collection, id);
    return object && structuredClone(object);
  }

  deleteObject(collection: FakeCollection, id: string): void {
    this.account.deleteObject(collection, id);
  }

  /**
   * A v1 snapshot event. deliverySuccess (default true) drives the `delivery_success`
   * filter; storeObject (default false) also stores data.object into its collection.
   */
  addEvent(event: Record<string, unknown>, options: { deliverySuccess?: boolean; storeObject?: boolean } = {}): void {
    this.account.addEvent(event, options);
  }

  setDeliverySuccess(eventId: string, success: boolean): void {
    this.account.setDeliverySuccess(eventId, success);
  }

  /** A v2 thin event, retrievable at GET /v2/core/events/:id. */
  addThinEvent(event: Record<string, unknown>): void {
    this.account.addThinEvent(event);
  }

  removeEvent(id: string): void {
    this.account.removeEvent(id);
  }

  /** Every webhook endpoint of the account, with its secret: what the Dashboard would reveal. */
  webhookEndpoints(): ReturnType<FakeAccount["webhookEndpoints"]["all"]> {
    return this.account.webhookEndpoints.all();
  }

  /** A webhook endpoint set up before Hookwarden looks (in the Dashboard, say). */
  putWebhookEndpoint(endpoint: Parameters<FakeAccount["webhookEndpoints"]["put"]>[0]): ReturnType<FakeAccount["webhookEndpoints"]["put"]> {
    return this.account.webhookEndpoints.put(endpoint);
  }

  /** The next `times` requests matching method (any when absent) and path get `status` with Stripe's error body. */
  failNext(fault: FakeFault): void {
    this.faults.add(fault);
  }

  stats(): FakeStats {
    return { ...this.counters, byRoute: { ...this.counters.byRoute } };
  }

  resetStats(): void {
    this.counters = FakeStripe.emptyStats();
    this.window.clear();
  }

  /** Forget all state, faults and stats. */
  reset(): void {
    this.account.reset();
    this.faults.clear();
    this.resetStats();
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
    this.server.closeAllConnections();
    await closed;
  }

  private static emptyStats(): FakeStats {
    return { requests: 0, rateLimited: 0, faultsServed: 0, maxInAnySecond: 0, byRoute: {} };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const method = request.method ?? "GET";
    const headers: Record<string, string> = { "Request-Id": requestId() };
    const version = request.headers["stripe-version"];
    if (typeof version === "string" && /^[\w.-]{1,64}$/.test(version)) headers["Stripe-Version"] = version;
    if (url.pathname.startsWith("/_fake/")) return this.handleControl(request, response, method, url.pathname, headers);
    let form = "";
    if (method === "POST") {
      const text = await FakeStripe.readBody(request);
      if (text === undefined) return this.send(response, 413, { error: { type: "invalid_request_error", message: "the body is too large" } }, headers);
      form = text;
    } else {
      request.resume();
    }
    const { status, body } = this.answerApi(request, method, url, form);
    if (this.options.latencyMs) await delay(this.options.latencyMs);
    this.send(response, status, body, headers);
  }

  private answerApi(request: IncomingMessage, method: string, url: URL, form: string): { status: number; body: unknown } {
    const inWindow = this.window.record(performance.now());
    const route = matchApiRoute(method, url.pathname);
    const routeKey = route?.key ?? "unrecognized";
    this.counters.requests++;
    this.counters.maxInAnySecond = Math.max(this.counters.maxInAnySecond, inWindow);
    this.counters.byRoute[routeKey] = (this.counters.byRoute[routeKey] ?? 0) + 1;
    try {
      const faultStatus = this.faults.take(method, url.pathname);
      if (faultStatus !== undefined) {
        this.counters.faultsServed++;
        throw FakeApiError.fault(faultStatus, url.pathname);
      }
      if (this.options.rateLimitPerSecond !== undefined && inWindow > this.options.rateLimitPerSecond) {
        this.counters.rateLimited++;
        throw FakeApiError.fault(429, url.pathname);
      }
      FakeStripe.authenticate(request.headers.authorization);
      if (!route) throw FakeApiError.unrecognizedUrl(method, url.pathname);
      const idempotencyKey = request.headers["idempotency-key"];
      const params = parseStripeQuery(method === "POST" ? form : url.search);
      return { status: 200, body: route.answer(this.account, params, { idempotencyKey: typeof idempotencyKey === "string" ? idempotencyKey : undefined }) };
    } catch (error) {
      if (error instanceof FakeApiError) return { status: error.status, body: { error: error.body } };
      throw error;
    }
  }

  /** Any secret or restricted key is accepted (Bearer, or Basic as curl -u sends it); the answer never echoes the key whole. */
  private static authenticate(authorization: string | undefined): void {
    let key: string | undefined;
    if (authorization?.startsWith("Bearer ")) key = authorization.slice("Bearer ".length).trim();
    else if (authorization?.startsWith("Basic ")) key = Buffer.from(authorization.slice("Basic ".length), "base64").toString("utf8").split(":")[0];
    if (!key) {
      throw new FakeApiError(401, {
        type: "invalid_request_error",
        message: "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      });
    }
    if (!/^(sk|rk)_[A-Za-z0-9_]+$/.test(key)) {
      const masked = key.length > 12 ? `${key.slice(0, 8)}${"*".repeat(Math.min(key.length - 12, 24))}${key.slice(-4)}` : "*".repeat(key.length);
      throw new FakeApiError(401, { type: "invalid_request_error", message: `Invalid API Key provided: ${masked}` });
    }
  }

  private async handleControl(request: IncomingMessage, response: ServerResponse, method: string, pathname: string, headers: Record<string, string>): Promise<void> {
    const host = request.headers.host ?? "";
    if (host !== `127.0.0.1:${this.port}` && host !== `localhost:${this.port}`) {
      request.resume();
      return this.send(response, 403, { error: { type: "invalid_request_error", message: "the control API answers only to Host 127.0.0.1 or localhost" } }, headers);
    }
    let body: unknown;
    if (method !== "GET") {
      if (!/^application\/json\b/.test(request.headers["content-type"] ?? "")) {
        request.resume();
        return this.send(response, 415, { error: { type: "invalid_request_error", message: "control requests carry Content-Type: application/json" } }, headers);
      }
      const text = await FakeStripe.readBody(request);
      if (text === undefined) return this.send(response, 413, { error: { type: "invalid_request_error", message: `the body exceeds ${MAX_CONTROL_BODY_BYTES} bytes` } }, headers);
      if (text !== "") {
        try {
          body = JSON.parse(text);
        } catch {
          return this.send(response, 400, { error: { type: "invalid_request_error", message: "the body is not valid JSON" } }, headers);
        }
      }
    } else {
      request.resume();
    }
    const target = {
      account: this.account,
      faults: this.faults,
      stats: () => this.stats(),
      resetStats: () => this.resetStats(),
      reset: () => this.reset(),
    };
    const answer = handleControlRequest(target, method, pathname, body);
    this.send(response, answer.status, answer.body, headers);
  }

  /** The body as text, or undefined when it is too large (the rest is read and dropped, so the answer still reaches the client). */
  private static readBody(request: IncomingMessage): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      request.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_CONTROL_BODY_BYTES) chunks.push(chunk);
        else chunks.length = 0;
      });
      request.on("end", () => resolve(size > MAX_CONTROL_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8")));
      request.on("error", reject);
    });
  }

  private send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
    const json = JSON.stringify(body);
    response.writeHead(status, { ...headers, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(json) });
    response.end(json);
  }
}

/** For scripts and the CLI: `const fake = await startFakeStripe({ port: 12111 })`. */
export function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  return FakeStripe.start(options);
}
