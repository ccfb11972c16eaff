import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { subscriptionLifecycleEvents } from "@/cli/simulate/stripe-events";
import { fingerprint } from "@/server/crypto/cipher";
import { disconnect, pool, prisma } from "@/server/db";
import { createDestination } from "@/server/destinations/create-destination";
import { dispatchDestinations } from "@/server/destinations/dispatch-destinations";
import { booksFixture } from "@/tests/support/books";
import { actAs, sessionFor } from "@/tests/support/console";
import { destinationReceiver } from "@/tests/support/destination-receiver";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { endpointWithSecret } from "@/tests/support/intake";
import { cliContext } from "@/tests/support/users";
import {
  createDestinationAction,
  deleteDestinationAction,
  pauseDestinationAction,
  resumeDestinationAction,
  retryDestinationDeliveriesAction,
  rotateDestinationSecretAction,
  updateDestinationAction,
} from "./actions";
import { destinationActionsFor } from "./destination-actions-for";

vi.mock("@/server/auth/request-context", () => ({ requestContext: vi.fn(), renewSessionCookie: vi.fn() }));

// Dispatch sends whatever is due in the whole database: a database of its own.
beforeAll(async () => {
  await useFreshDatabase("destinations_console");
}, 60_000);
afterAll(() => disconnect());

const forbidden = { ok: false, error: { code: "forbidden", message: expect.any(String) } };

/** The add form's submission: text fields, and the checkboxes as the form sends them ("true"/"false"). */
function addForm(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries({ forwardReleased: "false", allowInternal: "false", ...fields })) form.set(name, value);
  return form;
}

async function destinationRows() {
  return (await pool().query(`SELECT name, url, event_types, state, paused_reason, forward_released, allow_internal, secret_fingerprint FROM destination ORDER BY name`)).rows;
}

describe("the destinations pages' actions", () => {
  it("an operator's page carries pause, resume and retry only; an admin's every action", () => {
    expect(Object.entries(destinationActionsFor("operator")).filter(([, action]) => action !== undefined).map(([name]) => name).sort()).toEqual(["pause", "resume", "retry"]);
    expect(Object.values(destinationActionsFor("admin")).every((action) => action !== undefined)).toBe(true);
    expect(Object.values(destinationActionsFor("viewer")).every((action) => action === undefined)).toBe(true);
  });

  it("an admin adds a destination from the form and gets its secret once; the domain's refusals come back by field and store nothing", async () => {
    const { name: endpoint } = await endpointWithSecret();
    await actAs((await sessionFor("admin")).claims);
    const before = await destinationRows();
    const refused = await createDestinationAction(addForm({ endpoint, name: "orders-app", url: "http://127.0.0.1:9/hooks", eventTypes: "invoice.paid, in*voice" }));
    expect(refused).toMatchObject({ ok: false, error: { code: "invalid_request", fields: { url: expect.stringMatching(/^url must use https:\/\//), "eventTypes": expect.stringContaining('"in*voice" is not an event type pattern') } } });
    const internal = await createDestinationAction(addForm({ endpoint, name: "orders-app", url: "https://169.254.169.254/latest", eventTypes: "*" }));
    expect(internal).toMatchObject({ ok: false, error: { fields: { url: expect.stringContaining("reaches an internal address") } } });
    expect(await destinationRows()).toEqual(before);

    const added = await createDestinationAction(addForm({ endpoint, name: "orders-app", url: "http://127.0.0.1:9/hooks", eventTypes: "payment_intent.*\ninvoice.paid", allowInternal: "true" }));
    expect(added).toMatchObject({ ok: true, data: { name: "orders-app", endpoint, eventTypes: ["payment_intent.*", "invoice.paid"], allowInternal: true, forwardReleased: false, signingSecret: expect.stringMatching(/^whsec_/) } });
    const secret = (added as { data: { signingSecret: string } }).data.signingSecret;
    expect((await destinationRows()).find((row) => row.name === "orders-app")).toMatchObject({ secret_fingerprint: fingerprint(secret) });

    const taken = await createDestinationAction(addForm({ endpoint, name: "orders-app", url: "https://app.example.com/hooks", eventTypes: "*" }));
    expect(taken).toMatchObject({ ok: false, error: { code: "conflict", fields: { name: "this name is taken" } } });
    const audit = await prisma().auditEntry.findFirstOrThrow({ where: { action: "destinations.create" }, orderBy: { id: "desc" } });
    expect(JSON.stringify([audit.before, audit.after, audit.detail])).not.toContain(secret.slice(6, 20));
  });

  it("an admin's edit sends every field: an unticked box turns its setting off; rotate shows the new secret once; delete needs a reason", async () => {
    const { name: endpoint } = await endpointWithSecret();
    const created = await createDestination({ endpoint, name: "edited", url: "https://app.example.com/hooks", eventTypes: ["*"], forwardReleased: true }, cliContext);
    await actAs((await sessionFor("admin")).claims);
    const edited = await updateDestinationAction({ destination: created.id, url: "https://app.example.com/v2/hooks", eventTypes: "invoice.*", forwardReleased: false, allowInternal: false });
    expect(edited).toMatchObject({ ok: true, data: { url: "https://app.example.com/v2/hooks", eventTypes: ["invoice.*"], forwardReleased: false } });
    expect(await updateDestinationAction({ destination: created.id, url: "https://localhost/hooks", eventTypes: "*", forwardReleased: false, allowInternal: false })).toMatchObject({
      ok: false,
      error: { fields: { url: expect.stringContaining("internal address") } },
    });

    const rotated = await rotateDestinationSecretAction({ destination: created.id });
    expect(rotated).toMatchObject({ ok: true, data: { signingSecret: expect.stringMatching(/^whsec_/), previousSecret: { fingerprint: created.secretFingerprint, expiresAt: expect.any(String) } } });

    expect(await deleteDestinationAction({ destination: created.id, reason: "" })).toMatchObject({ ok: false, error: { code: "invalid_request", fields: { reason: expect.any(String) } } });
    expect((await destinationRows()).some((row) => row.name === "edited")).toBe(true);
    expect(await deleteDestinationAction({ destination: created.id, reason: "moved to the new app" })).toEqual({ ok: true, data: { deleted: `${endpoint}/edited`, pendingDropped: 0 } });
    expect((await destinationRows()).some((row) => row.name === "edited")).toBe(false);
  });

  it("an operator pauses (with a reason), resumes (told how many wait) and bulk-retries; adding, editing, rotating and deleting stay an admin's; a viewer can do nothing", async () => {
    const books = await booksFixture();
    const receiver = await destinationReceiver({ behaviour: [500] });
    const created = await createDestination({ endpoint: books.endpoint.name, name: "operated", url: receiver.url, eventTypes: ["customer.subscription.*"], allowInternal: true }, cliContext);
    await books.send(subscriptionLifecycleEvents());
    await books.settle();
    await dispatchDestinations();
    const ref = { destination: created.id };

    await actAs((await sessionFor("viewer")).claims);
    const snapshot = await destinationRows();
    for (const refusedAction of [
      pauseDestinationAction({ ...ref, reason: "sneaky" }),
      resumeDestinationAction(ref),
      retryDestinationDeliveriesAction({ ...ref, reason: "sneaky", which: "failing" }),
      rotateDestinationSecretAction(ref),
      deleteDestinationAction({ ...ref, reason: "sneaky" }),
    ]) {
      expect(await refusedAction).toEqual(forbidden);
    }
    expect(await destinationRows()).toEqual(snapshot);

    await actAs((await sessionFor("operator")).claims);
    expect(await createDestinationAction(addForm({ endpoint: books.endpoint.name, name: "sneaky", url: "https://app.example.com/hooks", eventTypes: "*" }))).toEqual(forbidden);
    expect(await updateDestinationAction({ ...ref, url: "https://evil.example.com/hooks" })).toEqual(forbidden);
    expect(await rotateDestinationSecretAction(ref)).toEqual(forbidden);
    expect(await deleteDestinationAction({ ...ref, reason: "cleaning up" })).toEqual(forbidden);
    expect(await destinationRows()).toEqual(snapshot);

    expect(await pauseDestinationAction({ ...ref, reason: "" })).toMatchObject({ ok: false, error: { code: "invalid_request" } });
    expect(await pauseDestinationAction({ ...ref, reason: "deploying the app" })).toMatchObject({ ok: true, data: { state: "paused", pausedReason: "deploying the app" } });
    expect(await resumeDestinationAction(ref)).toMatchObject({ ok: true, data: { state: "active", backlog: 4 } });
    expect(await retryDestinationDeliveriesAction({ ...ref, reason: "the app is back", which: "failing", from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z" })).toMatchObject({
      ok: false,
      error: { fields: { to: "to must be after from" } },
    });
    expect(await retryDestinationDeliveriesAction({ ...ref, reason: "the app is back", which: "failing", from: new Date(Date.now() - 3_600_000).toISOString() })).toEqual({ ok: true, data: { retried: 1 } });
    await dispatchDestinations();
    expect(receiver.accepted()).toHaveLength(4);
    await receiver.close();
  }, 60_000);
});
