import { z } from "zod";

/** An operator's decision (release, reject, bulk actions) must say why in at least this many characters. */
export const DECISION_REASON_MIN_LENGTH = 3;
export const DECISION_REASON_MAX_LENGTH = 500;

/** A required reason within those limits (revoking an API key, deleting an alert channel): kept in the audit log. */
export const RequiredReasonSchema = z
  .string({ error: "a reason is required" })
  .trim()
  .min(DECISION_REASON_MIN_LENGTH, `a reason is required: at least ${DECISION_REASON_MIN_LENGTH} characters`)
  .max(DECISION_REASON_MAX_LENGTH, `a reason is at most ${DECISION_REASON_MAX_LENGTH} characters`);
