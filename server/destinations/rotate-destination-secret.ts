import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { fingerprint } from "../crypto/cipher";
import { sealAtRest } from "../crypto/keys";
import { withTransaction } from "../db";
import { env } from "../env";
import { invalidInput } from "../errors";
import { z } from "zod";
import { destinationAlertSubject } from "./destination-alerts";
import { DestinationRefSchema } from "./destination-input";
import { newDestinationSecret } from "./destination-signing";
import { destinationSummary, type DestinationSummary } from "./destination-summary";
import { findDestinationOrThrow } from "./find-destination";

const RotateSchema = z.object({ destination: DestinationRefSchema });

/**
 * Gives a destination a new signing secret, returned in this answer only. For the grace period
 * (HOOKWARDEN_DESTINATION_SECRET_GRACE_HOURS) each message carries a signature by the new secret
 * and one by the previous, so the receiver can switch to the new secret whenever it likes within
 * that time, with no message it cannot verify. Audited with both fingerprints.
 */
export async function rotateDestinationSecret(input: { destination: string } | unknown, context: AuditContext): Promise<DestinationSummary & { signingSecret: string }> {
  const parsed = RotateSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const secret = newDestinationSecret();
  const graceHours = env().HOOKWARDEN_DESTINATION_SECRET_GRACE_HOURS;
  return withTransaction(async (sql) => {
    const row = await findDestinationOrThrow(parsed.data.destination, sql, true);
    await sql.query(
      `UPDATE destination SET previous_secret_ciphertext = secret_ciphertext, previous_secret_fingerprint = secret_fingerprint,
              previous_secret_expires_at = now() + make_interval(hours => $4::int), secret_ciphertext = $2, secret_fingerprint = $3, updated_at = now()
        WHERE id = $1::uuid`,
      [row.id, sealAtRest(secret), fingerprint(secret), graceHours],
    );
    const after = destinationSummary(await findDestinationOrThrow(row.id, sql));
    await recordAudit(sql, {
      ...context,
      action: "destinations.rotate_secret",
      subject: destinationAlertSubject(row.endpoint_name, row.name),
      before: { secretFingerprint: row.secret_fingerprint },
      after: { secretFingerprint: after.secretFingerprint, previousSignsUntil: after.previousSecret?.expiresAt ?? null },
    });
    return { ...after, signingSecret: secret };
  });
}
