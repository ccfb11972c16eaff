import { timingSafeEqual } from "node:crypto";
import { recordAlert } from "../alerts/record-alert";
import type { EndpointForIntake } from "../endpoints/endpoint-secrets";
import { log } from "../log";
import { parseSignatureHeader } from "../verification/parse-signature-header";
import { computeStripeSignature } from "../verification/verify-stripe-signature";

/** One alert write per kind and subject per process in this interval: a flood of deliveries is one row refreshed now and then. */
const ALERT_EVERY_MS = 5 * 60_000;
const lastAlerted = new Map<string, number>();

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a, "hex"), Buffer.from(b, "hex"));
}

/**
 * Looks at the `v1` values of a delivery that no verifying secret matched, after the
 * answer was decided (it never changes the answer). One made with a secret that expired
 * or was retired here means Stripe still signs with it: `expired_secret_in_use`, critical
 * when that delivery was refused. A foreign `v1` beside an accepted one, matching no
 * secret we ever held, means the secret was rolled in Stripe's Dashboard without
 * Hookwarden: `secret_rolled_outside`. A refused delivery whose signatures match nothing
 * we held is just a forgery, counted by intake's rejection tally as before.
 */
export function noteForeignSignatures(input: { endpoint: EndpointForIntake; payload: Uint8Array; header: string | null; accepted: boolean; unmatched?: string[]; now: number }): void {
  const parsed = parseSignatureHeader(input.header);
  if (!parsed.ok) return;
  const foreign = input.unmatched ?? parsed.header.v1;
  if (foreign.length === 0) return;
  for (const inactive of input.endpoint.inactiveSecrets) {
    const expected = computeStripeSignature(input.payload, parsed.header.timestamp, inactive.secret);
    if (foreign.some((v1) => sameHex(v1, expected))) {
      raise(input.now, {
        kind: "expired_secret_in_use",
        severity: input.accepted ? "warning" : "critical",
        subject: `secret:${input.endpoint.name}:${inactive.fingerprint}`,
        message: input.accepted
          ? `Stripe still signs deliveries to "${input.endpoint.name}" with secret ${inactive.fingerprint}, which no longer verifies here (another secret verified them). Finish the roll in Stripe's Dashboard.`
          : `Deliveries to "${input.endpoint.name}" are refused: Stripe signs them only with secret ${inactive.fingerprint}, which expired or was retired here. Add Stripe's current secret, or roll back.`,
        detail: { endpoint: input.endpoint.name, secret: inactive.fingerprint, refused: !input.accepted },
      });
      return;
    }
  }
  if (input.accepted) {
    raise(input.now, {
      kind: "secret_rolled_outside",
      severity: "warning",
      subject: `endpoint:${input.endpoint.name}`,
      message: `A delivery to "${input.endpoint.name}" carried a signature from a secret Hookwarden does not hold, beside one it does: the secret was probably rolled in Stripe's Dashboard. Add the new secret before the old one expires in Stripe, or deliveries will be refused.`,
      detail: { endpoint: input.endpoint.name },
    });
  }
}

function raise(now: number, alert: Parameters<typeof recordAlert>[0]): void {
  const key = `${alert.kind}:${alert.subject}`;
  const previous = lastAlerted.get(key);
  if (previous !== undefined && now - previous < ALERT_EVERY_MS) return;
  lastAlerted.set(key, now);
  recordAlert(alert).catch((error: unknown) => log.warn("could not record a signature alert", { kind: alert.kind, error }));
}

/** Tests start each case with no memory of earlier alerts. */
export function forgetForeignSignatureAlerts(): void {
  lastAlerted.clear();
}
