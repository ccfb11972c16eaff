import type { NoReferencePolicy } from "../endpoints/no-reference-policy";
import type { Sql } from "../db";
import type { QuarantineReason, Evidence } from "../quarantine/quarantine-reasons";

/** A Stripe object as it appears in `data.object`. */
export type StripeObject = { id?: string; object?: string; [key: string]: unknown };

export type HandlerContext = {
  /** The one database transaction in which the effect and the event's new status commit. */
  sql: Sql;
  event: {
    ledgerId: string;
    stripeEventId: string;
    type: string;
    /** Stripe's `created`: orders events of one object. */
    created: Date;
    livemode: boolean;
    firstReceivedAt: Date;
  };
  object: StripeObject;
  /** The endpoint's policy for payment events without a reference. */
  noReferencePolicy: NoReferencePolicy;
  /** How long an unlinkable charge or payment intent may wait for its link. */
  linkDeadline: Date;
  now: Date;
  /** True when an operator released the event from quarantine: apply without the cross-check. */
  released: boolean;
};

export type AppliedEffect = {
  kind: string;
  /** The book entry changed: `transaction:<reference>`, `subscription:<id>`. */
  subject: string | null;
  summary: string;
  detail?: Record<string, unknown>;
};

export type HandlerOutcome =
  | { kind: "applied"; effect: AppliedEffect; linkedObjectIds?: string[] }
  | { kind: "quarantine"; reason: QuarantineReason; evidence: Evidence; summary: string }
  | { kind: "await_link"; objectId: string; summary: string };

export type EventHandler = (context: HandlerContext) => Promise<HandlerOutcome>;

/** A permanent problem with the event itself (a malformed object): retrying cannot help. */
export class MalformedEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedEventError";
  }
}
