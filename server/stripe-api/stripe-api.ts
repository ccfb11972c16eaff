import Stripe from "stripe";
import { AppError } from "../errors";
import { log } from "../log";
import { RateLimiter } from "./rate-limiter";

export type StripeApiStats = {
  requests: number;
  /** Times a request waited for the rate limiter, and for how long in all (ms). */
  rateLimitWaits: number;
  rateLimitWaitMs: number;
  /** 429 answers received from Stripe (each one slows the whole account down). */
  throttled: number;
  /** Requests sent again after a 429, a 5xx or a lost connection. */
  retries: number;
};

export type StripeApiOptions = {
  apiKey: string;
  /** Requests per second for this account (see stripe-read-rate.ts). */
  ratePerSecond: number;
  /** A base URL other than Stripe's (a local fake in tests and demo mode). */
  apiBase?: string;
  /** Attempts per request on 429, 5xx or connection errors before giving up. */
  maxAttempts?: number;
  /** First backoff after a 429 or 5xx, doubled each time, in ms. */
  backoffMs?: number;
};

/** Stripe said the object does not exist (or no longer: events are kept 30 days). */
export class StripeNotFoundError extends Error {
  constructor(
    what: string,
    readonly requestId: string | undefined,
  ) {
    super(`Stripe does not know ${what}${requestId ? ` (request ${requestId})` : ""}`);
    this.name = "StripeNotFoundError";
  }
}

/** Stripe could not be asked: still failing after every retry, or refused our key. An AppError, so callers answer 502 with its message. */
export class StripeUnavailableError extends AppError {
  constructor(
    message: string,
    readonly requestId: string | undefined,
  ) {
    super("stripe_unavailable", message);
    this.name = "StripeUnavailableError";
  }
}

const limiters = new Map<string, RateLimiter>();

/** One limiter per account key and rate in this process, shared by every run that uses the account. */
function limiterFor(apiKey: string, rate: number): RateLimiter {
  const key = `${apiKey}:${rate}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new RateLimiter(rate);
    limiters.set(key, limiter);
  }
  return limiter;
}

function retryable(error: unknown): boolean {
  if (!(error instanceof Stripe.errors.StripeError)) return false;
  if (error instanceof Stripe.errors.StripeConnectionError) return true;
  const status = error.statusCode ?? 0;
  return status === 429 || status >= 500;
}

/**
 * The Stripe client Hookwarden heals with: the official package (its own retries off),
 * every request paced by the account's rate limiter, retried with exponential backoff
 * on 429, 5xx and lost connections, and its request id logged. Counts what it did, so a
 * reconciliation run can report requests, waits and retries.
 */
export class StripeApi {
  readonly stripe: Stripe;
  readonly limiter: RateLimiter;
  readonly livemode: boolean;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  readonly stats: StripeApiStats = { requests: 0, rateLimitWaits: 0, rateLimitWaitMs: 0, throttled: 0, retries: 0 };

  constructor(options: StripeApiOptions) {
    const base = options.apiBase ? new URL(options.apiBase) : null;
    this.stripe = new Stripe(options.apiKey, {
      maxNetworkRetries: 0,
      timeout: 20_000,
      telemetry: false,
      appInfo: { name: "Hookwarden" },
      ...(base ? { host: base.hostname, port: Number(base.port || (base.protocol === "https:" ? 443 : 80)), protocol: base.protocol === "https:" ? "https" : "http" } : {}),
    });
    this.limiter = limiterFor(options.apiKey, options.ratePerSecond);
    this.livemode = /^(sk|rk)_live_/.test(options.apiKey);
    this.maxAttempts = options.maxAttempts ?? 8;
    this.backoffMs = options.backoffMs ?? 1_000;
  }

  /**
   * One request through the limiter, with retries. `what` names it in logs and errors
   * ("event evt_123"). A 404 becomes StripeNotFoundError; giving up, StripeUnavailableError.
   */
  async request<T>(what: string, call: (stripe: Stripe) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const waited = await this.limiter.take();
      if (waited > 0.5) {
        this.stats.rateLimitWaits += 1;
        this.stats.rateLimitWaitMs += waited;
      }
      this.stats.requests += 1;
      try {
        const result = await call(this.stripe);
        const requestId = (result as { lastResponse?: { requestId?: string } } | null)?.lastResponse?.requestId;
        log.debug("stripe request", { what, requestId });
        return result;
      } catch (error) {
        const stripeError = error instanceof Stripe.errors.StripeError ? error : null;
        const requestId = stripeError?.requestId;
        if (stripeError?.statusCode === 404) throw new StripeNotFoundError(what, requestId);
        if (!retryable(error) || attempt >= this.maxAttempts) {
          log.warn("stripe request failed", { what, requestId, status: stripeError?.statusCode, attempt, error });
          throw new StripeUnavailableError(`Stripe could not be asked for ${what}: ${stripeError?.message ?? String(error)}${requestId ? ` (request ${requestId})` : ""}`, requestId);
        }
        const delay = Math.min(30_000, this.backoffMs * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
        if (stripeError?.statusCode === 429) {
          this.stats.throttled += 1;
          this.limiter.backOff(delay);
        }
        this.stats.retries += 1;
        log.info("stripe request retried", { what, requestId, status: stripeError?.statusCode ?? "connection", attempt, delayMs: Math.round(delay) });
        if (stripeError?.statusCode !== 429) await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /**
   * Every item of a list, page by page (100 a page), each page one paced request.
   * Yields whole pages so callers can compare a page against the database in one query.
   */
  async *pages<T extends { id: string }>(
    what: string,
    list: (stripe: Stripe, page: { limit: number; starting_after?: string }) => Promise<Stripe.ApiList<T>>,
  ): AsyncGenerator<T[]> {
    let after: string | undefined;
    for (;;) {
      const page = await this.request(`${what} (page after ${after ?? "the start"})`, (stripe) => list(stripe, { limit: 100, ...(after ? { starting_after: after } : {}) }));
      if (page.data.length > 0) yield page.data;
      const last = page.data.at(-1);
      if (!page.has_more || !last) return;
      after = last.id;
    }
  }
}
