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
});
export type UpdateEndpoint = z.input<typeof UpdateEndpointSchema>;

type EndpointSettings = { noReferencePolicy: string; toleranceSeconds: number | null };

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
    const [locked] = await tx.$queryRaw<{ id: string; no_reference_policy: string; tolerance_seconds: number | null }[]>`
      SELECT id, no_reference_policy, tolerance_seconds FROM endpoint WHERE name = ${name} FOR UPDATE`;
    if (!locked) throw new AppError("not_found", `No endpoint named "${name}".`);
    const before: EndpointSettings = { noReferencePolicy: locked.no_reference_policy, toleranceSeconds: locked.tolerance_seconds };
    if (before.noReferencePolicy === wanted.noReferencePolicy && before.toleranceSeconds === wanted.toleranceSeconds) {
      return { name, changed: false, settings: before };
    }
    await tx.endpoint.update({ where: { id: locked.id }, data: wanted });
    await recordAudit(tx, { ...context, action: "endpoints.update", subject: `endpoint:${name}`, before, after: wanted });
    return { name, changed: true, settings: wanted };
  });
  if (result.changed) forgetEndpointSecrets(name);
  return result;
}
