import type { FakeAccount } from "./fake-account";
import { FAKE_COLLECTION_NAMES, FAKE_COLLECTIONS } from "./fake-collections";
import type { QueryTree } from "./parse-stripe-query";

export type ApiRoute = {
  /** The route as counted in stats, e.g. `GET /v1/subscriptions/:id`. */
  key: string;
  answer: (account: FakeAccount, query: QueryTree) => unknown;
};

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
 * URL"). Only GET: Hookwarden reads Stripe, it never writes to it. The id segment is
 * percent-decoded, as stripe-node percent-encodes it.
 */
export function matchApiRoute(method: string, pathname: string): ApiRoute | undefined {
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
