import * as entitlements from "@/app/api/v1/customers/[id]/entitlements/route";
import * as eventRelease from "@/app/api/v1/events/[id]/release/route";
import * as eventReject from "@/app/api/v1/events/[id]/reject/route";
import * as eventReplay from "@/app/api/v1/events/[id]/replay/route";
import * as event from "@/app/api/v1/events/[id]/route";
import * as events from "@/app/api/v1/events/route";
import * as eventReconcile from "@/app/api/v1/events/[id]/reconcile/route";
import * as eventRaw from "@/app/api/v1/events/[id]/raw/route";
import * as reconciliations from "@/app/api/v1/reconciliations/route";
import * as reconciliation from "@/app/api/v1/reconciliations/[id]/route";
import * as findingRepair from "@/app/api/v1/reconciliations/findings/[id]/repair/route";
import * as findingDismiss from "@/app/api/v1/reconciliations/findings/[id]/dismiss/route";
import * as subscription from "@/app/api/v1/subscriptions/[id]/route";
import * as transaction from "@/app/api/v1/transactions/[reference]/route";
import * as transactions from "@/app/api/v1/transactions/route";
import * as endpointSecrets from "@/app/api/v1/endpoints/[name]/secrets/route";
import * as secretRoll from "@/app/api/v1/endpoints/[name]/secrets/roll/route";
import * as secretRetire from "@/app/api/v1/endpoints/[name]/secrets/[fingerprint]/retire/route";
import * as endpointRotations from "@/app/api/v1/endpoints/[name]/rotations/route";
import * as rotationPolicy from "@/app/api/v1/endpoints/[name]/rotation-policy/route";
import * as rotation from "@/app/api/v1/rotations/[id]/route";
import * as rotationRollback from "@/app/api/v1/rotations/[id]/rollback/route";
import * as sourcePolicy from "@/app/api/v1/endpoints/[name]/source-policy/route";
import * as gatekeeperBreakers from "@/app/api/v1/gatekeeper/breakers/route";
import * as gatekeeperBreaker from "@/app/api/v1/gatekeeper/breakers/[id]/route";
import * as gatekeeperTransition from "@/app/api/v1/gatekeeper/breakers/[id]/transition/route";
import * as gatekeeperBreakerRelease from "@/app/api/v1/gatekeeper/breakers/[id]/release/route";
import * as gatekeeperHeldRelease from "@/app/api/v1/gatekeeper/held/release/route";
import * as gatekeeperDecisions from "@/app/api/v1/gatekeeper/decisions/route";
import * as gatekeeperSources from "@/app/api/v1/gatekeeper/sources/route";
import * as gatekeeperSource from "@/app/api/v1/gatekeeper/sources/[address]/route";
import * as gatekeeperSourcesRefresh from "@/app/api/v1/gatekeeper/sources/refresh/route";
import * as gatekeeperBlockLift from "@/app/api/v1/gatekeeper/blocks/[id]/lift/route";
import * as reviews from "@/app/api/v1/reviews/route";
import * as review from "@/app/api/v1/reviews/[id]/route";
import * as reviewConfirm from "@/app/api/v1/reviews/[id]/confirm/route";
import * as reviewDismiss from "@/app/api/v1/reviews/[id]/dismiss/route";
import * as reviewEventRelease from "@/app/api/v1/reviews/[id]/events/[eventId]/release/route";
import * as reviewEventReject from "@/app/api/v1/reviews/[id]/events/[eventId]/reject/route";
import * as alertChannels from "@/app/api/v1/alert-channels/route";
import * as alertChannel from "@/app/api/v1/alert-channels/[id]/route";
import * as alertChannelTest from "@/app/api/v1/alert-channels/[id]/test/route";
import * as destinations from "@/app/api/v1/destinations/route";
import * as destination from "@/app/api/v1/destinations/[id]/route";
import * as destinationPause from "@/app/api/v1/destinations/[id]/pause/route";
import * as destinationResume from "@/app/api/v1/destinations/[id]/resume/route";
import * as destinationRetry from "@/app/api/v1/destinations/[id]/retry/route";
import * as destinationRotate from "@/app/api/v1/destinations/[id]/rotate-secret/route";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = { GET?: unknown; POST?: unknown; PUT?: unknown; PATCH?: unknown; DELETE?: unknown };
type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** The REST routes, matched as Next.js would, so tests call the real route handlers. */
const ROUTES: [RegExp, string[], RouteModule][] = [
  [/^\/api\/v1\/events$/, [], events],
  [/^\/api\/v1\/events\/([^/]+)$/, ["id"], event],
  [/^\/api\/v1\/events\/([^/]+)\/release$/, ["id"], eventRelease],
  [/^\/api\/v1\/events\/([^/]+)\/reject$/, ["id"], eventReject],
  [/^\/api\/v1\/events\/([^/]+)\/replay$/, ["id"], eventReplay],
  [/^\/api\/v1\/events\/([^/]+)\/reconcile$/, ["id"], eventReconcile],
  [/^\/api\/v1\/events\/([^/]+)\/raw$/, ["id"], eventRaw],
  [/^\/api\/v1\/reconciliations$/, [], reconciliations],
  [/^\/api\/v1\/reconciliations\/findings\/([^/]+)\/repair$/, ["id"], findingRepair],
  [/^\/api\/v1\/reconciliations\/findings\/([^/]+)\/dismiss$/, ["id"], findingDismiss],
  [/^\/api\/v1\/reconciliations\/([^/]+)$/, ["id"], reconciliation],
  [/^\/api\/v1\/transactions$/, [], transactions],
  [/^\/api\/v1\/transactions\/([^/]+)$/, ["reference"], transaction],
  [/^\/api\/v1\/subscriptions\/([^/]+)$/, ["id"], subscription],
  [/^\/api\/v1\/customers\/([^/]+)\/entitlements$/, ["id"], entitlements],
  [/^\/api\/v1\/endpoints\/([^/]+)\/secrets$/, ["name"], endpointSecrets],
  [/^\/api\/v1\/endpoints\/([^/]+)\/secrets\/roll$/, ["name"], secretRoll],
  [/^\/api\/v1\/endpoints\/([^/]+)\/secrets\/([^/]+)\/retire$/, ["name", "fingerprint"], secretRetire],
  [/^\/api\/v1\/endpoints\/([^/]+)\/rotations$/, ["name"], endpointRotations],
  [/^\/api\/v1\/endpoints\/([^/]+)\/rotation-policy$/, ["name"], rotationPolicy],
  [/^\/api\/v1\/rotations\/([^/]+)$/, ["id"], rotation],
  [/^\/api\/v1\/rotations\/([^/]+)\/rollback$/, ["id"], rotationRollback],
  [/^\/api\/v1\/endpoints\/([^/]+)\/source-policy$/, ["name"], sourcePolicy],
  [/^\/api\/v1\/gatekeeper\/breakers$/, [], gatekeeperBreakers],
  [/^\/api\/v1\/gatekeeper\/breakers\/([^/]+)$/, ["id"], gatekeeperBreaker],
  [/^\/api\/v1\/gatekeeper\/breakers\/([^/]+)\/transition$/, ["id"], gatekeeperTransition],
  [/^\/api\/v1\/gatekeeper\/breakers\/([^/]+)\/release$/, ["id"], gatekeeperBreakerRelease],
  [/^\/api\/v1\/gatekeeper\/held\/release$/, [], gatekeeperHeldRelease],
  [/^\/api\/v1\/gatekeeper\/decisions$/, [], gatekeeperDecisions],
  [/^\/api\/v1\/gatekeeper\/sources$/, [], gatekeeperSources],
  [/^\/api\/v1\/gatekeeper\/sources\/refresh$/, [], gatekeeperSourcesRefresh],
  [/^\/api\/v1\/gatekeeper\/sources\/([^/]+)$/, ["address"], gatekeeperSource],
  [/^\/api\/v1\/gatekeeper\/blocks\/([^/]+)\/lift$/, ["id"], gatekeeperBlockLift],
  [/^\/api\/v1\/reviews$/, [], reviews],
  [/^\/api\/v1\/reviews\/([^/]+)$/, ["id"], review],
  [/^\/api\/v1\/reviews\/([^/]+)\/confirm$/, ["id"], reviewConfirm],
  [/^\/api\/v1\/reviews\/([^/]+)\/dismiss$/, ["id"], reviewDismiss],
  [/^\/api\/v1\/reviews\/([^/]+)\/events\/([^/]+)\/release$/, ["id", "eventId"], reviewEventRelease],
  [/^\/api\/v1\/reviews\/([^/]+)\/events\/([^/]+)\/reject$/, ["id", "eventId"], reviewEventReject],
  [/^\/api\/v1\/alert-channels$/, [], alertChannels],
  [/^\/api\/v1\/alert-channels\/([^/]+)$/, ["id"], alertChannel],
  [/^\/api\/v1\/alert-channels\/([^/]+)\/test$/, ["id"], alertChannelTest],
  [/^\/api\/v1\/destinations$/, [], destinations],
  [/^\/api\/v1\/destinations\/([^/]+)$/, ["id"], destination],
  [/^\/api\/v1\/destinations\/([^/]+)\/pause$/, ["id"], destinationPause],
  [/^\/api\/v1\/destinations\/([^/]+)\/resume$/, ["id"], destinationResume],
  [/^\/api\/v1\/destinations\/([^/]+)\/retry$/, ["id"], destinationRetry],
  [/^\/api\/v1\/destinations\/([^/]+)\/rotate-secret$/, ["id"], destinationRotate],
];

export async function apiRequest(method: Method, path: string, key?: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(path, "http://localhost");
  for (const [pattern, names, route] of ROUTES) {
    const match = pattern.exec(url.pathname);
    const handler = match ? (route[method] as Handler | undefined) : undefined;
    if (!match || !handler) continue;
    const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
    const response = await handler(new Request(url, init), { params: Promise.resolve(params) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  throw new Error(`no route for ${method} ${path}`);
}

export const apiGet = (path: string, key?: string) => apiRequest("GET", path, key);
export const apiPost = (path: string, key: string | undefined, body?: unknown) => apiRequest("POST", path, key, body);
export const apiPatch = (path: string, key: string | undefined, body?: unknown) => apiRequest("PATCH", path, key, body);
export const apiDelete = (path: string, key: string | undefined, body?: unknown) => apiRequest("DELETE", path, key, body);
