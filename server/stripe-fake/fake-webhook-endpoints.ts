import { randomBytes } from "node:crypto";
import { FakeApiError } from "./fake-api-error";
import { queryList, type QueryTree, type QueryValue } from "./parse-stripe-query";

export type FakeWebhookEndpoint = {
  id: string;
  object: "webhook_endpoint";
  api_version: string | null;
  application: null;
  created: number;
  description: string | null;
  enabled_events: string[];
  livemode: false;
  metadata: Record<string, string>;
  status: "enabled" | "disabled";
  url: string;
};

const CREATE_PARAMS = new Set(["url", "enabled_events", "api_version", "description", "metadata", "connect"]);

function text(value: QueryValue | undefined, param: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw FakeApiError.invalidRequest(`Invalid string: ${param}`, param);
  return value;
}

function randomId(prefix: string, length: number): string {
  return `${prefix}${randomBytes(length).toString("base64url").replace(/[-_]/g, "x").slice(0, length)}`;
}

/**
 * The account's webhook endpoints, as the API keeps them: created with a url and
 * enabled_events, their `whsec_` secret answered only by the create call, listed
 * newest first, deleted for good. A create repeated with the same Idempotency-Key
 * answers the first one's result, as Stripe does.
 */
export class FakeWebhookEndpoints {
  private readonly endpoints = new Map<string, FakeWebhookEndpoint & { secret: string }>();
  private readonly byIdempotencyKey = new Map<string, unknown>();

  constructor(private readonly nowSeconds: () => number) {}

  create(params: QueryTree, idempotencyKey: string | undefined): unknown {
    if (idempotencyKey && this.byIdempotencyKey.has(idempotencyKey)) return this.byIdempotencyKey.get(idempotencyKey);
    for (const key of Object.keys(params)) if (!CREATE_PARAMS.has(key)) throw FakeApiError.unknownParameter(key);
    const url = text(params.url, "url");
    if (!url) throw FakeApiError.invalidRequest("Missing required param: url.", "url");
    if (!/^https?:\/\/\S+$/.test(url)) throw FakeApiError.invalidRequest("Invalid URL: URL must be publicly accessible and use http or https.", "url");
    if (params.enabled_events === undefined) throw FakeApiError.invalidRequest("Missing required param: enabled_events.", "enabled_events");
    const enabledEvents = queryList(params.enabled_events, "enabled_events");
    const metadata = params.metadata === undefined ? {} : params.metadata;
    if (typeof metadata === "string") throw FakeApiError.invalidRequest("Invalid hash: metadata", "metadata");
    const endpoint = {
      id: randomId("we_", 24),
      object: "webhook_endpoint" as const,
      api_version: text(params.api_version, "api_version") ?? null,
      application: null,
      created: this.nowSeconds(),
      description: text(params.description, "description") ?? null,
      enabled_events: enabledEvents,
      livemode: false as const,
      metadata: Object.fromEntries(Object.entries(metadata).map(([key, value]) => [key, String(value)])),
      status: "enabled" as const,
      url,
      secret: randomId("whsec_", 32),
    };
    this.endpoints.set(endpoint.id, endpoint);
    const answer = { ...endpoint };
    if (idempotencyKey) this.byIdempotencyKey.set(idempotencyKey, answer);
    return answer;
  }

  retrieve(id: string): FakeWebhookEndpoint {
    const endpoint = this.endpoints.get(id);
    if (!endpoint) throw FakeApiError.resourceMissing("webhook_endpoint", id);
    return FakeWebhookEndpoints.withoutSecret(endpoint);
  }

  list(): { object: "list"; url: string; has_more: false; data: FakeWebhookEndpoint[] } {
    const data = [...this.endpoints.values()].reverse().map(FakeWebhookEndpoints.withoutSecret);
    return { object: "list", url: "/v1/webhook_endpoints", has_more: false, data };
  }

  delete(id: string): { id: string; object: "webhook_endpoint"; deleted: true } {
    if (!this.endpoints.delete(id)) throw FakeApiError.resourceMissing("webhook_endpoint", id);
    return { id, object: "webhook_endpoint", deleted: true };
  }

  /** For tests and the control API: every endpoint with its secret (what Stripe's Dashboard reveals). */
  all(): (FakeWebhookEndpoint & { secret: string })[] {
    return [...this.endpoints.values()].map((endpoint) => ({ ...endpoint, enabled_events: [...endpoint.enabled_events], metadata: { ...endpoint.metadata } }));
  }

  /** For tests and the control API: an endpoint that exists before Hookwarden looks (set up in the Dashboard). */
  put(endpoint: { url: string; enabled_events?: string[]; secret?: string; id?: string; api_version?: string; description?: string }): FakeWebhookEndpoint & { secret: string } {
    const stored = {
      id: endpoint.id ?? randomId("we_", 24),
      object: "webhook_endpoint" as const,
      api_version: endpoint.api_version ?? null,
      application: null,
      created: this.nowSeconds(),
      description: endpoint.description ?? null,
      enabled_events: endpoint.enabled_events ?? ["*"],
      livemode: false as const,
      metadata: {},
      status: "enabled" as const,
      url: endpoint.url,
      secret: endpoint.secret ?? randomId("whsec_", 32),
    };
    this.endpoints.set(stored.id, stored);
    return { ...stored };
  }

  reset(): void {
    this.endpoints.clear();
    this.byIdempotencyKey.clear();
  }

  private static withoutSecret(endpoint: FakeWebhookEndpoint & { secret: string }): FakeWebhookEndpoint {
    const { secret: _secret, ...visible } = endpoint;
    return { ...visible, enabled_events: [...visible.enabled_events], metadata: { ...visible.metadata } };
  }
}
