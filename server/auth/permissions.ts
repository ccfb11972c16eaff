/**
 * The one registry of permission-checked actions: name → the weakest role allowed.
 * REST routes (apiHandler), console server actions (defineAction), console route
 * handlers (consoleRouteHandler) and pages (requireUser) all take their role from
 * here, and the audit log records these names. A route or action that is not in
 * this registry fails the test suite (server/auth/permissions.test.ts).
 */
import { roleAtLeast, type Role } from "./roles";

type ActionRule = {
  /** The weakest role allowed, or null: no session at all (the action guards itself; see its summary). */
  role: Role | null;
  summary: string;
  /** Allowed while the user still has to replace a one-time password (only what that takes). */
  beforePasswordChange?: true;
};

export const ACTIONS = {
  "events.list": { role: "viewer", summary: "List ledger events" },
  "events.get": { role: "viewer", summary: "Show one event with its deliveries" },
  "events.release": { role: "operator", summary: "Apply a quarantined event anyway, with a reason" },
  "events.reject": { role: "operator", summary: "Close a quarantined event, with a reason" },
  "events.replay": { role: "operator", summary: "Re-run a failed, dead, ignored or held event" },
  "transactions.register": { role: "operator", summary: "Register an expected payment" },
  "transactions.list": { role: "viewer", summary: "List the latest registered payments" },
  "transactions.get": { role: "viewer", summary: "Show a registered payment and its events" },
  "subscriptions.get": { role: "viewer", summary: "Show a subscription from the mirror" },
  "customers.entitlements": { role: "viewer", summary: "Show what a customer may use now" },
  "customers.get": { role: "viewer", summary: "Show a customer's subscriptions, entitlements, registered payments and latest events" },
  "users.list": { role: "admin", summary: "List console users" },
  "users.create": { role: "admin", summary: "Create a user with a one-time password" },
  "users.change_role": { role: "admin", summary: "Change a user's role (ends their sessions)" },
  "users.deactivate": { role: "admin", summary: "Deactivate a user (ends their sessions)" },
  "users.create_first_admin": { role: null, summary: "Create the first admin at /setup: only while no user exists, and only from this machine" },
  "account.change_password": { role: "viewer", summary: "Change one's own password", beforePasswordChange: true },
  "api_keys.list": { role: "admin", summary: "List API keys: name, role, prefix, created, last used (never a key or its hash)" },
  "api_keys.create": { role: "admin", summary: "Create an API key (the key is shown once)" },
  "api_keys.revoke": { role: "admin", summary: "Revoke an API key, with a reason (refused at its next request)" },
  "endpoints.list": { role: "admin", summary: "List endpoints and their settings" },
  "endpoints.update": { role: "admin", summary: "Change an endpoint's policy for payments without a reference, or its signature tolerance" },
  "events.reconcile": { role: "operator", summary: "Fetch an event and its object from Stripe, compare, and apply Stripe's state" },
  "events.view_raw": { role: "admin", summary: "Break-glass: read an event's raw, unmasked payload, stating a reason (every view is audited)" },
  "reconciliations.list": { role: "viewer", summary: "List reconciliation runs, their progress and findings" },
  "reconciliations.get": { role: "viewer", summary: "Show one reconciliation run with its findings" },
  "reconciliations.start": { role: "operator", summary: "Start a missed-event recovery or a drift audit (or its dry run)" },
  "reconciliations.repair": { role: "operator", summary: "Repair one finding of a reconciliation run through the effect path" },
  "reconciliations.dismiss": { role: "operator", summary: "Dismiss an open finding that needs no repair, with a reason (nothing in the books changes)" },
  "endpoints.set_stripe_key": { role: "admin", summary: "Set or remove an endpoint's restricted Stripe API key (stored encrypted, shown never)" },
  "secrets.list": { role: "admin", summary: "List an endpoint's signing secrets (fingerprints and metadata, never a secret), its rotations and each secret's share of deliveries" },
  "secrets.roll": { role: "admin", summary: "Roll an endpoint's signing secret: add Stripe's new secret, the old ones expire after an overlap (at most 24 h)" },
  "secrets.retire": { role: "admin", summary: "Retire one signing secret now (refused for the only secret that verifies)" },
  "secrets.rotate": { role: "admin", summary: "Rotate through Stripe's API: create a second Stripe endpoint, store its secret unseen, delete the old one once the new one delivers" },
  "secrets.rollback": { role: "admin", summary: "Roll back a rotation going on: retire the new secret (and delete its Stripe endpoint); the old ones verify as before" },
  "endpoints.set_rotation_policy": { role: "admin", summary: "Set an endpoint's rotation policy: rotate every N days, quiet period, automatic retirement of the old secret" },
  "gatekeeper.view": { role: "viewer", summary: "See the gatekeeper: breakers and their held events, decisions with their explanations, source policy, blocks" },
  "gatekeeper.release_held": { role: "operator", summary: "Release events a breaker holds (all, chosen ones), with a reason: their effects apply" },
  "gatekeeper.half_open": { role: "operator", summary: "Put an open breaker in half-open: its held events are released a few at a time while the gatekeeper watches for a relapse" },
  "gatekeeper.force_breaker": { role: "admin", summary: "Force an endpoint's breaker open (for chosen event types) or closed, with a reason" },
  "gatekeeper.shed": { role: "admin", summary: "Turn shed mode on or off for an open breaker: its event types are answered 503 so that Stripe keeps them (hard cap)" },
  "gatekeeper.set_source_policy": { role: "admin", summary: "Set an endpoint's source-address policy: off, monitor or enforce" },
  "destinations.list": { role: "operator", summary: "List an endpoint's destinations (URL, event types, state, backlog) and each one's deliveries and attempts (status, latency, masked response excerpt)" },
  "destinations.create": { role: "admin", summary: "Add a destination: an HTTPS URL of the business's app and the event types forwarded to it (its signing secret is shown once)" },
  "destinations.update": { role: "admin", summary: "Change a destination: URL, event types, forwarding of released events, reaching internal addresses" },
  "destinations.delete": { role: "admin", summary: "Delete a destination and its deliveries, with a reason" },
  "destinations.pause": { role: "operator", summary: "Pause a destination, with a reason: deliveries wait, none is lost" },
  "destinations.resume": { role: "operator", summary: "Resume a paused destination: its backlog is sent in order, with a fresh retry window" },
  "destinations.retry": { role: "operator", summary: "Retry a destination's dead deliveries (or those still failing) over a time range, with a reason" },
  "destinations.rotate_secret": { role: "admin", summary: "Rotate a destination's signing secret: the new one is shown once, and the old one signs too for a grace period" },
  "gatekeeper.edit_sources": { role: "admin", summary: "Add or remove a Stripe webhook address, or refresh the list from Stripe's published JSON" },
  "gatekeeper.lift_block": { role: "admin", summary: "Lift a source's block before it ends, with a reason" },
  "reviews.list": { role: "viewer", summary: "List fraud review items: score, kind, subject (masked), age" },
  "reviews.get": { role: "viewer", summary: "Show a fraud review item: its reasons, its payment sequence as a timeline (masked), the events it holds" },
  "reviews.confirm": { role: "operator", summary: "Confirm a fraud review as fraud, with a reason (the events it holds stay held)" },
  "reviews.dismiss": { role: "operator", summary: "Dismiss a fraud review as legitimate, with a reason (the events it holds are released)" },
  "reviews.release_event": { role: "operator", summary: "Release one event a confirmed fraud review holds, with a reason (it is applied once)" },
  "reviews.reject_event": { role: "operator", summary: "Reject one event a confirmed fraud review holds, with a reason (it never applies)" },
  "alert_channels.list": { role: "operator", summary: "List alert channels (kind, destination host, minimum severity; never a URL, password or signing secret) and their recent deliveries" },
  "alert_channels.create": { role: "admin", summary: "Add an alert channel: Slack, a signed webhook (its signing secret is shown once) or e-mail; the destination is stored encrypted" },
  "alert_channels.update": { role: "admin", summary: "Change an alert channel: name, minimum severity, destination, recipients, enabled, a new signing secret" },
  "alert_channels.delete": { role: "admin", summary: "Delete an alert channel, with a reason" },
  "alert_channels.test": { role: "operator", summary: "Send a marked test message to an alert channel now and see whether it was accepted" },
  "audit.list": { role: "admin", summary: "Read the audit log" },
  "audit.export": { role: "admin", summary: "Download the audit log as CSV" },
} as const satisfies Record<string, ActionRule>;

export type ActionName = keyof typeof ACTIONS;

/** Actions that need a signed-in user or an API key (every one but the self-guarded ones). */
export type SignedInAction = { [K in ActionName]: (typeof ACTIONS)[K]["role"] extends null ? never : K }[ActionName];

/** Sign-in events, recorded in the audit log beside the actions. */
export const AUTH_EVENTS = ["auth.sign_in", "auth.sign_in_failed", "auth.sign_out"] as const;
export type AuthEvent = (typeof AUTH_EVENTS)[number];
/** Actions only the command line performs (it is trusted like the database, see cli/commands/cli-context.ts): audited, no role. */
export const CLI_ACTIONS = ["keys.rotate", "customers.export", "customers.erase"] as const;
export type CliAction = (typeof CLI_ACTIONS)[number];
/** Steps Hookwarden takes on its own schedule (actor `system`), recorded beside the actions that started them. */
export const SYSTEM_ACTIONS = ["secrets.rotation_step", "secrets.rotation_completed", "secrets.rotation_failed", "gatekeeper.breaker_transition", "destinations.auto_pause"] as const;
export type SystemAction = (typeof SYSTEM_ACTIONS)[number];
export type AuditAction = ActionName | AuthEvent | CliAction | SystemAction;

export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(ACTIONS, name);
}

/** The rule of an action, whatever its literal type. */
export function actionRule(action: ActionName): ActionRule {
  return ACTIONS[action];
}

/** True when a principal with this role (null: signed out) may perform the action. */
export function permits(role: Role | null, action: ActionName): boolean {
  const required = actionRule(action).role;
  if (required === null) return true;
  return role !== null && roleAtLeast(role, required);
}

/**
 * Files under app/ that answer without a session or an API key, each with the reason
 * that is safe. Every other route handler and server action must carry an action of
 * this registry, and every other page must call requireUser (the registry test checks).
 */
export const UNAUTHENTICATED_FILES: Record<string, string> = {
  "app/api/stripe/webhook/route.ts": "Stripe deliveries: each is proven by its HMAC signature",
  "app/api/stripe/webhook/[endpoint]/route.ts": "Stripe deliveries: each is proven by its HMAC signature",
  "app/api/inngest/route.ts": "Inngest calls: verified with INNGEST_SIGNING_KEY by the Inngest SDK",
  "app/api/health/route.ts": "liveness for load balancers: says only whether the ledger answers",
  "app/api/ready/route.ts": "readiness for load balancers: says only which checks pass, never an internal detail",
  "app/api/metrics/route.ts": "Prometheus scrapes: 404 unless HOOKWARDEN_METRICS_TOKEN is set, then its bearer token, compared in constant time",
  "app/api/auth/[...nextauth]/route.ts": "sign-in and sign-out themselves (next-auth, CSRF-protected)",
  "app/api/bench/noop/route.ts": "the benchmark's floor: 404 unless HOOKWARDEN_BENCH_ROUTES=1",
  "app/sign-in/page.tsx": "the sign-in form",
  "app/setup/page.tsx": "exists only while no user exists, and only for this machine (users.create_first_admin)",
};

const ACTION_TAG = Symbol.for("hookwarden.action");

/** How a tagged handler knows who is asking: an API key (REST), a browser session (console), or nobody (self-guarded). */
export type ActionTag = { action: ActionName; via: "api_key" | "session" | "none" };

/** Marks a route handler or server action with the registry action it performs (read by the registry test). */
export function tagAction<T extends object>(target: T, action: ActionName, via: ActionTag["via"]): T {
  Object.defineProperty(target, ACTION_TAG, { value: { action, via } satisfies ActionTag, enumerable: false });
  return target;
}

export function actionTag(value: unknown): ActionTag | undefined {
  if (typeof value !== "function") return undefined;
  return (value as unknown as Record<symbol, ActionTag | undefined>)[ACTION_TAG];
}
