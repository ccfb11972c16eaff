import { z } from "zod";
import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { prisma } from "../db";
import { AppError, invalidInput } from "../errors";
import { EndpointNameSchema } from "./endpoint-name";
import { forgetEndpointSecrets } from "./endpoint-secrets";
import { NO_REFERENCE_POLICIES } from "./no-reference-policy";

export const TOLERANCE_LIMITS = { min: 1, max: 86_400 } as const;

export const UpdateEndpointSchema = z.object({
  name: EndpointNameSchema,
  noReferencePolicy: z.enum(NO_REFERENCE_POLICIES, { error: `noReferencePolicy must be one of ${NO_REFERENCE_POLICIES.join(", ")}` }),
  /** Seconds; null (or an empty form field) means the HOOKWARDEN_TOLERANCE_SECONDS default. */
  toleranceSeconds: z.preprocess(
    (value) => (value === "" || value === undefined ? null : typeof value === "string" ? Number(value) : value),
    z
      .number({ error: "toleranceSeconds is a whole number of seconds, or empty for the default" })
      .int("toleranceSeconds is a whole number of seconds")
      .min(TOLERANCE_LIMITS.min, `toleranceSeconds is at least ${TOLERANCE_LIMITS.min}`)
      .max(TOLERANCE_LIMITS.max, `toleranceSeconds is at most ${TOLERANCE_LIMITS.max} (a day)`)
      .nullable(),
  ),
  /** Stripe sends thin events (v2 event destinations) to this endpoint; unchanged when absent. */
  thin: z.boolean({ error: "thin is true or false" }).optional(),
  /** Event types confirmed with Stripe before they apply; null restores the default (payment-success events); unchanged when absent. */
  confirmEventTypes: z.array(z.string().regex(/^[a-z0-9_.]+$/, "confirmEventTypes are event types such as payment_intent.succeeded")).max(100).nullable().optional(),
});
export type UpdateEndpoint = z.input<typeof UpdateEndpointSchema>;

type EndpointSettings = { noReferencePolicy: string; toleranceSeconds: number | null; thin: boolean; confirmEventTypes: string[] | null };

/**
 * Changes an endpoint's policy for payments without a reference and its signature
 * tolerance. The row is locked, and the audit entry (before and after) commits with
 * the change; settings that are already as asked change nothing and record nothing.
 * Intake's cache of the endpoint is dropped, so this process verifies with the new
 * tolerance at once (others within seconds).
 */
export async function updateEndpoint(input: UpdateEndpoint, context: AuditContext): Promise<{ name: string; changed: boolean; settings: EndpointSettings }> {
  const parsed = UpdateEndpointSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { name, ...wanted } = parsed.data;
  const result = await prisma().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string; no_reference_policy: string; tolerance_seconds: number | null; thin: boolean; confirm_event_types: string[] | null; confirm_types_set: boolean }[]>`
      SELECT id, no_reference_policy, tolerance_seconds, thin, confirm_event_types, confirm_types_set FROM endpoint WHERE name = ${name} FOR UPDATE`;
    if (!locked) throw new AppError("not_found", `No endpoint named "${name}".`);
    const before: EndpointSettings = {
      noReferencePolicy: locked.no_reference_policy,
      toleranceSeconds: locked.tolerance_seconds,
      thin: locked.thin,
      confirmEventTypes: locked.confirm_types_set ? (locked.confirm_event_types ?? []) : null,
    };
    const after: EndpointSettings = {
      noReferencePolicy: wanted.noReferencePolicy,
      toleranceSeconds: wanted.toleranceSeconds,
      thin: wanted.thin ?? before.thin,
      confirmEventTypes: wanted.confirmEventTypes === undefined ? before.confirmEventTypes : wanted.confirmEventTypes && [...new Set(wanted.confirmEventTypes)].sort(),
    };
    if (JSON.stringify(before) === JSON.stringify(after)) return { name, changed: false, settings: before };
    await tx.endpoint.update({
      where: { id: locked.id },
      data: {
        noReferencePolicy: after.noReferencePolicy,
        toleranceSeconds: after.toleranceSeconds,
        thin: after.thin,
        confirmEventTypes: after.confirmEventTypes ?? [],
        confirmTypesSet: after.confirmEventTypes !== null,
      },
    });
    await recordAudit(tx, { ...context, action: "endpoints.update", subject: `endpoint:${name}`, before, after });
    return { name, changed: true, settings: after };
  });
  if (result.changed) forgetEndpointSecrets(name);
  return result;
}
