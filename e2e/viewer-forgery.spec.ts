import { expect, test, type APIRequestContext, type Page, type Request } from "@playwright/test";
import { createApiKeyWithCli, signInAsNewUser, simulateScenario } from "./support/console";
import { sendAction, type CapturedAction } from "./support/server-action";

/** A dead event (the `malformed` scenario: processing gives up at once), as the REST API shows it to a viewer key. */
async function deadEvent(request: APIRequestContext, viewerKey: string): Promise<{ stripeEventId: string; ledgerId: string }> {
  const stripeEventId = (await simulateScenario("malformed")).eventIds["charge.succeeded"]!;
  await expect.poll(async () => (await readEvent(request, viewerKey, stripeEventId)).status, { timeout: 30_000 }).toBe("dead");
  const { ledgerId } = await readEvent(request, viewerKey, stripeEventId);
  return { stripeEventId, ledgerId: String(ledgerId) };
}

/** GET /api/v1/events/{id}: what the product says of the event, independent of any console page. */
async function readEvent(request: APIRequestContext, key: string, stripeEventId: string): Promise<Record<string, unknown>> {
  const answer = await request.get(`/api/v1/events/${stripeEventId}`, { headers: { authorization: `Bearer ${key}` } });
  expect(answer.status()).toBe(200);
  return (await answer.json()) as Record<string, unknown>;
}

/** The event's page: its status badge and the entries of its timeline. */
async function eventPage(page: Page, stripeEventId: string) {
  await page.goto(`/events/${stripeEventId}`);
  const timeline = page.getByTestId("event-timeline");
  await expect(timeline).toBeVisible();
  return { status: page.locator("header [data-status]").first(), timeline, entries: timeline.locator(":scope > li") };
}

test("a viewer's forged Replay (server action and REST) is refused by the server, and the event is unchanged", async ({ page: operator, browser, request }) => {
  test.setTimeout(180_000);
  const viewerKey = await createApiKeyWithCli("viewer");
  const disposable = await deadEvent(request, viewerKey);
  const target = await deadEvent(request, viewerKey);

  // 1. The real request. An operator replays a disposable dead event with the Replay button, and
  //    we keep the POST the browser sent: its Next-Action header (the action's id) and its body
  //    (React's encoding of `{ id, reason }`). Taken from the live page, it is whatever this build
  //    of Next.js and React send: no action id or encoding is hard-coded here, so a rebuild or an
  //    upgrade cannot make the test send a stale request that fails for the wrong reason.
  await signInAsNewUser(operator, "operator");
  const disposablePage = await eventPage(operator, disposable.stripeEventId);
  await operator.getByRole("button", { name: "Replay" }).click();
  const dialog = operator.getByTestId("confirm-dialog");
  await dialog.getByLabel("Reason").fill("e2e: capturing the replay request");
  const sent = operator.waitForRequest((candidate: Request) => candidate.method() === "POST" && candidate.headers()["next-action"] !== undefined);
  await dialog.getByTestId("confirm-action").click();
  const captured = await sent;
  // It really replayed the disposable event: the request is a working one.
  await expect(disposablePage.timeline).toContainText("replayed by an operator: e2e: capturing the replay request");

  // The forgery: the same action and body shape, aimed at the target event. The body must name the
  // disposable event exactly once, so swapping the id is all it takes (if the encoding ever stops
  // carrying the id verbatim, this fails rather than sending something meaningless).
  const capturedBody = captured.postData() ?? "";
  expect(capturedBody.split(disposable.ledgerId)).toHaveLength(2);
  const forged: CapturedAction = {
    // Only what the page's code set; the viewer's browser adds its own cookies, Origin and the like.
    headers: Object.fromEntries(Object.entries(captured.headers()).filter(([name]) => name.startsWith("next-") || name === "accept" || name === "content-type")),
    body: capturedBody.replace(disposable.ledgerId, target.ledgerId),
  };
  expect(forged.headers["next-action"]).toMatch(/^[0-9a-f]{16,}$/);

  // 2. A viewer, in a browser of their own, on the target's page: no Replay button.
  const viewerContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const viewer = await viewerContext.newPage();
  await signInAsNewUser(viewer, "viewer");
  const before = await eventPage(viewer, target.stripeEventId);
  await expect(before.status).toHaveAttribute("data-status", "dead");
  await expect(viewer.getByRole("button", { name: "Replay" })).toHaveCount(0);
  const entriesBefore = await before.entries.count();
  const restBefore = await readEvent(request, viewerKey, target.stripeEventId);

  // The forged server action, from the viewer's browser, is refused by defineAction: it answers a
  // result (HTTP 200, as every server action does), `ok: false` with the code `forbidden`.
  const refused = await sendAction(viewer, `/events/${target.stripeEventId}`, forged);
  expect(refused).toEqual({ status: 200, result: { ok: false, error: { code: "forbidden", message: "This needs the operator role." } } });

  // Nothing happened: the page and the REST API read back the same event. (defineAction records no
  // audit entry for a refusal, so there is none to look for.)
  const after = await eventPage(viewer, target.stripeEventId);
  await expect(after.status).toHaveAttribute("data-status", "dead");
  await expect(after.entries).toHaveCount(entriesBefore);
  await expect(after.timeline).not.toContainText("replayed by");
  expect(await readEvent(request, viewerKey, target.stripeEventId)).toEqual(restBefore);

  // 3. The forged REST call with a viewer key: 403, and still nothing happened.
  const rest = await request.post(`/api/v1/events/${target.stripeEventId}/replay`, {
    headers: { authorization: `Bearer ${viewerKey}`, "content-type": "application/json" },
    data: { reason: "a viewer trying" },
  });
  expect(rest.status()).toBe(403);
  expect(await rest.json()).toEqual({ error: { code: "forbidden", message: expect.any(String) } });
  const afterRest = await eventPage(viewer, target.stripeEventId);
  await expect(afterRest.entries).toHaveCount(entriesBefore);
  await expect(afterRest.timeline).not.toContainText("replayed by");
  expect(await readEvent(request, viewerKey, target.stripeEventId)).toEqual(restBefore);

  // 4. The control: the very same forged request from the operator's browser does replay the
  //    target, so the viewer was refused for their role, not because the request was malformed.
  const allowed = await sendAction(operator, `/events/${target.stripeEventId}`, forged);
  expect(allowed).toMatchObject({ status: 200, result: { ok: true } });
  const replayed = await eventPage(viewer, target.stripeEventId);
  await expect(replayed.timeline).toContainText("replayed by an operator: e2e: capturing the replay request");
  expect(await replayed.entries.count()).toBeGreaterThan(entriesBefore);

  await viewerContext.close();
});
