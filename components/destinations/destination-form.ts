import type { ActionError } from "@/server/auth/action";

/** What the event types field takes, said once for the add and edit forms. */
export const TYPES_HINT = "One per line or separated by commas: an exact type (invoice.paid), a prefix (payment_intent.*), or * for every processed event.";

/** Why "allow internal addresses" is an admin's explicit choice. */
export const INTERNAL_WARNING =
  "Lets this destination reach this machine, private networks, link-local addresses and cloud metadata services (and plain http://). Only for an app on your own network: anyone who can change this URL could then make Hookwarden send requests inside it.";

const FIELDS = ["name", "endpoint", "url", "eventTypes", "forwardReleased", "allowInternal"] as const;

/**
 * The domain's refusal, field by field (`eventTypes.0` is the event types field); what names no
 * field of the form (an unknown endpoint, a conflict) is shown above the buttons as `form`.
 */
export function fieldErrors(error: ActionError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [path, message] of Object.entries(error.fields ?? {})) {
    const field = path.split(".")[0]!;
    if ((FIELDS as readonly string[]).includes(field)) errors[field] ??= message;
  }
  if (Object.keys(errors).length === 0) errors.form = error.message;
  return errors;
}
