import { afterAll, describe, expect, it, vi } from "vitest";
import { disconnect, pool, prisma } from "@/server/db";
import { actAs, sessionFor } from "@/tests/support/console";
import { endpointWithSecret } from "@/tests/support/intake";
import { confirmReviewAction, dismissReviewAction } from "./actions";

vi.mock("@/server/auth/request-context", () => ({ requestContext: vi.fn(), renewSessionCookie: vi.fn() }));

afterAll(() => disconnect());

/** An open review item on a fresh endpoint (what the scoring would have opened). */
async function openReview(): Promise<string> {
  const endpoint = await endpointWithSecret();
  const customer = `cus_console${Math.random().toString(36).slice(2, 10)}`;
  const { rows } = await pool().query<{ id: string }>(
    `INSERT INTO review_item (id, endpoint_id, kind, subject, subjects, subject_label, customer_id, score, peak_score, level, reasons, window_start, last_signal_at, opened_at)
     SELECT gen_random_uuid(), id, 'card_testing', $2, ARRAY[$2], $3, $4, 82, 82, 'highest', '[]', now(), now(), now() FROM endpoint WHERE name = $1 RETURNING id`,
    [endpoint.name, `customer:${customer}`, `customer ${customer}`, customer],
  );
  return rows[0]!.id;
}

const stateOf = async (id: string) => {
  const item = await prisma().reviewItem.findUniqueOrThrow({ where: { id } });
  return { status: item.status, decidedBy: item.decidedBy, decisionReason: item.decisionReason, audits: await prisma().auditEntry.count({ where: { subject: `review:${id}` } }) };
};

describe("deciding a review from its page", () => {
  it("a viewer's forged Confirm or Dismiss is refused on the server and changes nothing", async () => {
    const id = await openReview();
    await actAs((await sessionFor("viewer")).claims);
    expect(await confirmReviewAction({ id, reason: "looks like fraud" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await dismissReviewAction({ id, reason: "looks fine" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await stateOf(id)).toEqual({ status: "open", decidedBy: null, decisionReason: null, audits: 0 });
  });

  it("an operator dismisses with a reason, recorded on the item and in the audit log under their name; a second decision is refused", async () => {
    const id = await openReview();
    const { user, claims } = await sessionFor("operator");
    await actAs(claims, "10.9.8.7");
    expect(await dismissReviewAction({ id, reason: "" })).toMatchObject({ ok: false, error: { code: "invalid_request" } });
    expect(await dismissReviewAction({ id, reason: "QA cards, ticket #5120" })).toEqual({ ok: true, data: { id, status: "dismissed", released: 0, stillHeld: 0 } });
    expect(await stateOf(id)).toEqual({ status: "dismissed", decidedBy: `user:${user.id}`, decisionReason: "QA cards, ticket #5120", audits: 1 });
    expect(await prisma().auditEntry.findFirstOrThrow({ where: { subject: `review:${id}` } })).toMatchObject({ action: "reviews.dismiss", actorId: user.id, sourceAddress: "10.9.8.7" });
    expect(await confirmReviewAction({ id, reason: "fraud after all" })).toMatchObject({ ok: false, error: { code: "conflict" } });
  });
});
