import { Dialog } from "radix-ui";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { canConfirm, reasonProblem } from "./confirm";
import { ConfirmForm } from "./confirm-dialog";

describe("ConfirmDialog refuses to confirm without a reason", () => {
  it("refuses an empty or blank reason, and one too short to mean anything", () => {
    expect(reasonProblem("")).toBe("A reason is required.");
    expect(reasonProblem("   \n ")).toBe("A reason is required.");
    expect(reasonProblem("ok")).toMatch(/at least 3 characters/);
    expect(reasonProblem("customer paid the new price")).toBeNull();
  });

  it("enables the button only with a reason, and never while the action runs", () => {
    expect(canConfirm({ requireReason: true, reason: "", pending: false })).toBe(false);
    expect(canConfirm({ requireReason: true, reason: "duplicate charge", pending: false })).toBe(true);
    expect(canConfirm({ requireReason: true, reason: "duplicate charge", pending: true })).toBe(false);
    expect(canConfirm({ requireReason: false, reason: "", pending: false })).toBe(true);
  });

  it("for what cannot be undone, enables the button only once the exact name is typed", () => {
    const base = { requireReason: true, reason: "moved to the new app", pending: false, confirmText: "orders-app" };
    expect(canConfirm(base)).toBe(false);
    expect(canConfirm({ ...base, typed: "orders" })).toBe(false);
    expect(canConfirm({ ...base, typed: "Orders-App" })).toBe(false);
    expect(canConfirm({ ...base, typed: " orders-app " })).toBe(true);
    expect(canConfirm({ ...base, typed: "orders-app", reason: "" })).toBe(false);
  });

  function render(props: { requireReason: boolean; defaultReason?: string; confirmText?: string }) {
    return renderToStaticMarkup(
      <Dialog.Root open>
        <ConfirmForm
          title="Reject 2 quarantined events?"
          description="Rejected events never apply."
          consequences={["The events stay in the ledger, marked rejected."]}
          confirmLabel="Reject"
          destructive
          onConfirm={() => ({ ok: true })}
          onDone={() => {}}
          {...props}
        />
      </Dialog.Root>,
    );
  }
  const confirmButton = (html: string) => /<button[^>]*data-testid="confirm-action"[^>]*>/.exec(html)?.[0] ?? "";
  const isDisabled = (tag: string) => /\sdisabled=""/.test(tag);

  it("renders the confirm button disabled until a reason is typed, and says what the action will do", () => {
    const blank = render({ requireReason: true, defaultReason: "  " });
    expect(confirmButton(blank)).not.toBe("");
    expect(isDisabled(confirmButton(blank))).toBe(true);
    expect(blank).toContain("What this will do");
    expect(blank).toContain("The events stay in the ledger, marked rejected.");
    expect(blank).toMatch(/<textarea[^>]*required/);

    expect(isDisabled(confirmButton(render({ requireReason: true, defaultReason: "Fraud confirmed by the customer" })))).toBe(false);
    expect(isDisabled(confirmButton(render({ requireReason: false })))).toBe(false);
  });

  it("asks for the name to be typed, and keeps the button disabled until it is", () => {
    const html = render({ requireReason: true, defaultReason: "moved to the new app", confirmText: "orders-app" });
    expect(html).toMatch(/Type <code[^>]*>orders-app<\/code> to confirm/);
    expect(html).toContain('data-testid="confirm-text"');
    expect(isDisabled(confirmButton(html))).toBe(true);
  });
});
