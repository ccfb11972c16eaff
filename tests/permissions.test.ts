/**
 * The registry of permission-checked actions (server/auth/permissions.ts), enforced:
 * 1. every route handler, server action and page under app/ is in the registry (or
 *    listed as unauthenticated, with its reason), so a new one that is not fails here;
 * 2. the role matrix, generated from the registry: every action, for every role, for a
 *    one-time-password holder and for nobody signed in, is allowed or refused against
 *    the real database, through the real route handlers, actions and pages.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/server/auth/create-api-key";
import { authorizeUser } from "@/server/auth/authorize-user";
import { ACTIONS, actionRule, actionTag, isActionName, UNAUTHENTICATED_FILES, type ActionName, type ActionTag } from "@/server/auth/permissions";
import { ROLES, type Role } from "@/server/auth/roles";
import type { SessionClaims } from "@/server/auth/session-claims";
import { newPaymentFlow, stripeEvent } from "@/cli/simulate/stripe-events";
import { disconnect, pool, prisma } from "@/server/db";
import { createDestination } from "@/server/destinations/create-destination";
import { forceOpenBreaker } from "@/server/gatekeeper/force-open-breaker";
import { rollSigningSecret } from "@/server/rotation/roll-signing-secret";
import { booksFixture } from "./support/books";
import { actAs, outcomeOf, sessionFor } from "./support/console";
import { deliver, endpointWithSecret, newSecret, signedDelivery } from "./support/intake";
import { cliContext } from "./support/users";

vi.mock("@/server/auth/request-context", () => ({ requestContext: vi.fn(), renewSessionCookie: vi.fn() }));

const ROOT = path.resolve(import.meta.dirname, "..");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

function appFiles(name: string): string[] {
  return (readdirSync(path.join(ROOT, "app"), { recursive: true }) as string[])
    .map((file) => path.posix.join("app", file.split(path.sep).join("/")))
    .filter((file) => path.posix.basename(file) === name)
    .sort();
}

type Surface = { file: string; exportName: string; handler: (...args: unknown[]) => Promise<unknown>; tag: ActionTag };

/** Every tagged route handler and server action under app/, and every untagged one (which must not exist). */
async function scan() {
  const surfaces: Surface[] = [];
  const untagged: string[] = [];
  for (const file of appFiles("route.ts")) {
    if (UNAUTHENTICATED_FILES[file]) continue;
    const exported = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      if (!(method in exported)) continue;
      const tag = actionTag(exported[method]);
      if (tag && isActionName(tag.action)) surfaces.push({ file, exportName: method, handler: exported[method] as Surface["handler"], tag });
      else untagged.push(`${file} ${method}`);
    }
  }
  for (const file of appFiles("actions.ts")) {
    const exported = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported)) {
      const tag = actionTag(value);
      if (tag && isActionName(tag.action)) surfaces.push({ file, exportName: name, handler: value as Surface["handler"], tag });
      else untagged.push(`${file} ${name}`);
    }
  }
  return { surfaces, untagged };
}

/** The registry action a page guards itself with: `requireUser(ACTIONS["..."].role ...)`. */
function pageAction(file: string): string | null {
  return /requireUser\(ACTIONS\["([a-z_.]+)"\]\.role/.exec(readFileSync(path.join(ROOT, file), "utf8"))?.[1] ?? null;
}

/** The principals of the matrix: nobody, each role, and a user still holding a one-time password. */
type Principal = { label: string; role: Role | null; oneTimePassword: boolean; claims: SessionClaims | null; apiKey: string | null };

/** Independent of the code under test: the registry's role and the order viewer < operator < admin. */
function expectedAllowed(action: ActionName, principal: Principal): boolean {
  const rule = actionRule(action);
  if (rule.role === null) return true;
  if (principal.role === null) return false;
  if (principal.oneTimePassword && !rule.beforePasswordChange) return false;
  return ROLES.indexOf(principal.role) >= ROLES.indexOf(rule.role);
}

let found: Awaited<ReturnType<typeof scan>>;
const principals: Principal[] = [];

beforeAll(async () => {
  found = await scan();
  principals.push({ label: "signed out", role: null, oneTimePassword: false, claims: null, apiKey: null });
  for (const role of ROLES) {
    const { claims } = await sessionFor(role);
    principals.push({ label: role, role, oneTimePassword: false, claims, apiKey: (await createApiKey({ name: `matrix-${role}`, role }, cliContext)).key });
  }
  const pending = await sessionFor("admin", { mustChangePassword: true });
  principals.push({ label: "admin with a one-time password", role: "admin", oneTimePassword: true, claims: pending.claims, apiKey: null });
}, 60_000);

afterAll(() => disconnect());

describe("the registry covers everything under app/", () => {
  it("every route handler and server action names an action of the registry", () => {
    expect(found.untagged).toEqual([]);
    expect(found.surfaces.length).toBeGreaterThan(10);
  });

  it("every page outside the unauthenticated list guards itself with an action of the registry", () => {
    const unguarded = appFiles("page.tsx").filter((file) => !UNAUTHENTICATED_FILES[file] && !isActionName(pageAction(file) ?? ""));
    expect(unguarded).toEqual([]);
  });

  it("every unauthenticated file exists, and every registry action is used somewhere", () => {
    const files = new Set([...appFiles("route.ts"), ...appFiles("page.tsx")]);
    expect(Object.keys(UNAUTHENTICATED_FILES).filter((file) => !files.has(file))).toEqual([]);
    const used = new Set<string>([...found.surfaces.map((surface) => surface.tag.action), ...appFiles("page.tsx").map(pageAction).filter((action) => action !== null)]);
    expect(Object.keys(ACTIONS).filter((action) => !used.has(action))).toEqual([]);
  });
});

describe("the role matrix", () => {
  it("authorizeUser allows exactly what the registry says, for every action and principal", async () => {
    const wrong: string[] = [];
    for (const action of Object.keys(ACTIONS) as ActionName[]) {
      if (actionRule(action).role === null) continue;
      for (const principal of principals) {
        const allowed = (await authorizeUser(principal.claims, action)).ok;
        if (allowed !== expectedAllowed(action, principal)) wrong.push(`${action} for ${principal.label}: ${allowed ? "allowed" : "refused"}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("REST routes answer 401 signed out, 403 below the role, and get past authorisation at or above it", async () => {
    const wrong: string[] = [];
    for (const surface of found.surfaces.filter((candidate) => candidate.tag.via === "api_key")) {
      // /api/v1/events/[id]/release → /api/v1/events/matrix-absent/release: past authorisation it is a 404 or a 422, never a change.
      const url = new URL(`http://localhost/${surface.file.replace(/^app\//, "").replace(/\/route\.ts$/, "").replace(/\[[^\]]+\]/g, "matrix-absent")}`);
      const params = Object.fromEntries([...surface.file.matchAll(/\[([^\]]+)\]/g)].map((match) => [match[1]!, "matrix-absent"]));
      for (const principal of principals.filter((candidate) => candidate.claims === null || candidate.apiKey)) {
        const init: RequestInit = { method: surface.exportName, headers: principal.apiKey ? { authorization: `Bearer ${principal.apiKey}` } : {} };
        if (surface.exportName === "POST") init.body = "{}";
        const response = (await surface.handler(new Request(url, init), { params: Promise.resolve(params) })) as Response;
        const expected = expectedAllowed(surface.tag.action, principal) ? "past" : principal.role === null ? 401 : 403;
        const got = response.status === 401 || response.status === 403 ? response.status : "past";
        if (got !== expected) wrong.push(`${surface.exportName} ${url.pathname} (${surface.tag.action}) as ${principal.label}: ${response.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("console actions and console routes refuse or serve each principal as the registry says", async () => {
    const wrong: string[] = [];
    for (const surface of found.surfaces.filter((candidate) => candidate.tag.via !== "api_key")) {
      for (const principal of principals) {
        await actAs(principal.claims);
        let refused: boolean;
        if (surface.file.endsWith("route.ts")) {
          const response = (await surface.handler(new Request("http://localhost/matrix"), { params: Promise.resolve({}) })) as Response;
          refused = response.status === 401 || response.status === 403;
        } else {
          // An empty input: past authorisation it is refused as invalid, so nothing changes.
          const result = (await surface.handler({})) as { ok: boolean; error?: { code: string } };
          refused = result.ok === false && (result.error?.code === "unauthenticated" || result.error?.code === "forbidden");
        }
        if (refused === expectedAllowed(surface.tag.action, principal)) wrong.push(`${surface.file} ${surface.exportName} as ${principal.label}: ${refused ? "refused" : "allowed"}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("pages render for the roles the registry allows, send the signed-out to /sign-in, and answer 404 below the role", async () => {
    const wrong: string[] = [];
    for (const file of appFiles("page.tsx").filter((candidate) => !UNAUTHENTICATED_FILES[candidate])) {
      const action = pageAction(file) as ActionName;
      const Page = ((await import(path.join(ROOT, file))) as { default: (props: unknown) => Promise<unknown> }).default;
      const params = await pageParams(file);
      for (const principal of principals) {
        await actAs(principal.claims);
        const outcome = await outcomeOf(() => Page({ searchParams: Promise.resolve({}), params: Promise.resolve(params) }));
        const expected =
          principal.role === null
            ? { redirect: "/sign-in" }
            : principal.oneTimePassword && !actionRule(action).beforePasswordChange
              ? { redirect: "/account/password" }
              : expectedAllowed(action, principal)
                ? "rendered"
                : { status: 404 };
        if (JSON.stringify(outcome) !== JSON.stringify(expected)) wrong.push(`${file} as ${principal.label}: ${JSON.stringify(outcome)}, expected ${JSON.stringify(expected)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

/**
 * A page with a dynamic segment needs something real to show: each gets a fixture here,
 * and a new dynamic page without one fails the matrix (it would answer 404 to everyone).
 */
async function pageParams(file: string): Promise<Record<string, string>> {
  if (!file.includes("[")) return {};
  if (file === "app/(console)/events/[id]/page.tsx") {
    const endpoint = await endpointWithSecret();
    const event = stripeEvent("customer.created", { id: "cus_matrix", object: "customer" });
    expect((await deliver(signedDelivery(event, endpoint.name, endpoint.secret))).status).toBe(200);
    const row = await prisma().stripeEvent.findFirstOrThrow({ where: { stripeEventId: event.id } });
    return { id: row.id };
  }
  if (file === "app/(console)/transactions/[reference]/page.tsx" || file === "app/(console)/customers/[id]/page.tsx") {
    const books = await booksFixture();
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    return file.includes("[reference]") ? { reference: flow.reference } : { id: flow.customer };
  }
  if (file === "app/(console)/reconciliation/[id]/page.tsx") {
    const endpoint = await endpointWithSecret();
    const run = await pool().query<{ id: string }>(
      `INSERT INTO reconciliation_run (id, kind, endpoint_id, dry_run, status, requested_by, finished_at) SELECT gen_random_uuid(), 'drift_audit', id, true, 'succeeded', 'cli', now() FROM endpoint WHERE name = $1 RETURNING id`,
      [endpoint.name],
    );
    return { id: run.rows[0]!.id };
  }
  if (file === "app/(console)/reviews/[id]/page.tsx") {
    const endpoint = await endpointWithSecret();
    const review = await pool().query<{ id: string }>(
      `INSERT INTO review_item (id, endpoint_id, kind, subject, subjects, subject_label, score, peak_score, level, reasons, window_start, last_signal_at, opened_at)
       SELECT gen_random_uuid(), id, 'card_testing', 'customer:cus_matrix', ARRAY['customer:cus_matrix'], 'customer cus_matrix', 80, 80, 'highest', '[]', now(), now(), now()
       FROM endpoint WHERE name = $1 RETURNING id`,
      [endpoint.name],
    );
    return { id: review.rows[0]!.id };
  }
  if (file === "app/(console)/admin/endpoints/[name]/secrets/page.tsx") {
    return { name: (await endpointWithSecret()).name };
  }
  if (file === "app/(console)/admin/rotations/[id]/page.tsx") {
    const endpoint = await endpointWithSecret();
    const rolled = await rollSigningSecret({ endpointName: endpoint.name, secret: newSecret(), overlapHours: 24, source: "cli" }, cliContext);
    return { id: rolled.rotationId };
  }
  if (file === "app/(console)/gatekeeper/breakers/[id]/page.tsx") {
    const endpoint = await endpointWithSecret();
    const opened = await forceOpenBreaker({ endpoint: endpoint.name, eventTypes: ["payment_intent.succeeded"], reason: "the matrix needs a breaker" }, cliContext);
    return { id: opened.id };
  }
  if (file === "app/(console)/destinations/[id]/page.tsx") {
    const endpoint = await endpointWithSecret();
    const created = await createDestination({ endpoint: endpoint.name, name: "matrix", url: "https://app.example.com/hooks", eventTypes: ["*"] }, cliContext);
    return { id: created.id };
  }
  throw new Error(`${file} has a dynamic segment: give it a fixture in pageParams`);
}
