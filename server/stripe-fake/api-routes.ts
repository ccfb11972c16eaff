import type { FakeAccount } from "./fake-account";
import { FAKE_COLLECTION_NAMES, FAKE_COLLECTIONS } from "./fake-collections";
import type { QueryTree } from "./parse-stripe-query";

export type ApiRoute = {
  /** The route as counted in stats, e.g. `GET /v1/subscriptions/:id`. */
  key: string;
  /** `query` is the query string, or for a POST the form-encoded body, parsed the same way. */
  answer: (account: FakeAccount, query: QueryTree, request: { idempotencyKey?: string }) => unknown;
};

/** The webhook endpoints API, the one part of Stripe Hookwarden writes to (an API-driven secret rotation). */
function matchWebhookEndpointRoute(method: string, pathname: string): ApiRoute | undefined {
  if (pathname === "/v1/webhook_endpoints") {
    if (method === "GET") return { key: "GET /v1/webhook_endpoints", answer: (account) => account.webhookEndpoints.list() };
    if (method === "POST") return { key: "POST /v1/webhook_endpoints", answer: (account, body, request) => account.webhookEndpoints.create(body, request.idempotencyKey) };
    return undefined;
  }
  const match = /^\/v1\/webhook_endpoints\/(we_[A-Za-z0-9]+)$/.exec(pathname);
  if (!match) return undefined;
  const id = match[1]!;
  if (method === "GET") return { key: "GET /v1/webhook_endpoints/:id", answer: (account) => account.webhookEndpoints.retrieve(id) };
  if (method === "DELETE") return { key: "DELETE /v1/webhook_endpoints/:id", answer: (account) => account.webhookEndpoints.delete(id) };
  return undefined;
}

type RouteSpec = { path: string; answer: (account: FakeAccount, query: QueryTree, id: string) => unknown };

const ROUTES: RouteSpec[] = [
  { path: "/v1/events", answer: (account, query) => account.listEvents(query) },
  { path: "/v1/events/:id", answer: (account, query, id) => account.retrieveEvent(id, query) },
  { path: "/v2/core/events/:id", answer: (account, _query, id) => account.retrieveThinEvent(id) },
  ...FAKE_COLLECTION_NAMES.flatMap((collection): RouteSpec[] => [
    { path: FAKE_COLLECTIONS[collection].path, answer: (account, query) => account.listObjects(collection, query) },
    { path: `${FAKE_COLLECTIONS[collection].path}/:id`, answer: (account, query, id) => account.retrieveObject(collection, id, query) },
  ]),
];

const EXACT = new Map(ROUTES.filter((route) => !route.path.endsWith("/:id")).map((route) => [route.path, route]));
const WITH_ID = new Map(ROUTES.filter((route) => route.path.endsWith("/:id")).map((route) => [route.path.slice(0, -"/:id".length), route]));

/**
 * The Stripe endpoint a request names, or undefined (Stripe's "Unrecognized request
 * URL"). Reads are GET; the only writes are to webhook endpoints. The id segment is
 * percent-decoded, as stripe-node percent-encodes it.
 */
export function matchApiRoute(method: string, pathname: string): ApiRoute | undefined {
  if (pathname.startsWith("/v1/webhook_endpoints")) return matchWebhookEndpointRoute(method, pathname);
  if (method !== "GET") return undefined;
  const exact = EXACT.get(pathname);
  if (exact) return { key: `GET ${exact.path}`, answer: (account, query) => exact.answer(account, query, "") };
  const slash = pathname.lastIndexOf("/");
  const withId = WITH_ID.get(pathname.slice(0, slash));
  const rawId = pathname.slice(slash + 1);
  if (!withId || rawId === "") return undefined;
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    return undefined;
  }
  return { key: `GET ${withId.path}`, answer: (account, query) => withId.answer(account, query, id) };
}
