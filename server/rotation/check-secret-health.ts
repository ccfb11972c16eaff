import { recordAlert } from "../alerts/record-alert";
import { resolveAlert } from "../alerts/resolve-alert";
import { resolveAlerts } from "../alerts/resolve-alerts";
import { pool } from "../db";
import { env } from "../env";
import { rotationPolicyStates } from "./rotation-policy-state";

/** An alert raised from intake (a foreign or expired signature) closes once it has not repeated for this long. */
const SIGNATURE_ALERT_QUIET_MS = 60 * 60_000;

/**
 * The schedule's look at every endpoint's secrets: a rotation reminder before a policy's
 * date and an overdue alert after it; an alert for each active secret that has verified
 * nothing for HOOKWARDEN_SECRET_UNUSED_DAYS while the endpoint received deliveries
 * verified by others; and closing the alerts whose condition is over.
 */
export async function checkSecretHealth(now = new Date()): Promise<{ due: string[]; overdue: string[]; unused: string[] }> {
  const config = env();
  const due: string[] = [];
  const overdue: string[] = [];
  for (const policy of await rotationPolicyStates(now, config.HOOKWARDEN_ROTATION_REMINDER_DAYS)) {
    const subject = `endpoint:${policy.endpoint}`;
    const age = policy.lastRotatedAt ? Math.floor((now.getTime() - policy.lastRotatedAt.getTime()) / 86_400_000) : null;
    if (policy.state === "overdue") {
      overdue.push(policy.endpoint);
      await resolveAlert("rotation_due", subject);
      await recordAlert({
        kind: "rotation_overdue",
        severity: "critical",
        subject,
        message: `The signing secret of "${policy.endpoint}" is ${age === null ? "missing" : `${age} days old`}; its policy asks for a new one every ${policy.intervalDays} days.`,
        detail: { endpoint: policy.endpoint, dueAt: policy.dueAt?.toISOString() ?? null },
      });
    } else if (policy.state === "due") {
      due.push(policy.endpoint);
      await resolveAlert("rotation_overdue", subject);
      await recordAlert({
        kind: "rotation_due",
        severity: "warning",
        subject,
        message: `The signing secret of "${policy.endpoint}" is due for rotation on ${policy.dueAt!.toISOString().slice(0, 10)} (every ${policy.intervalDays} days).`,
        detail: { endpoint: policy.endpoint, dueAt: policy.dueAt!.toISOString() },
      });
    } else {
      await resolveAlert("rotation_due", subject);
      await resolveAlert("rotation_overdue", subject);
    }
  }
  const withPolicy = await pool().query<{ subject: string }>(`SELECT 'endpoint:' || name AS subject FROM endpoint WHERE rotation_interval_days IS NOT NULL`);
  await resolveAlerts({ kinds: ["rotation_due", "rotation_overdue"], subjectsNotIn: withPolicy.rows.map((row) => row.subject) });

  const since = new Date(now.getTime() - config.HOOKWARDEN_SECRET_UNUSED_DAYS * 86_400_000);
  const unusedRows = await pool().query<{ endpoint: string; fingerprint: string; last_matched_at: Date | null }>(
    `SELECT e.name AS endpoint, s.fingerprint, s.last_matched_at
       FROM signing_secret s JOIN endpoint e ON e.id = s.endpoint_id
      WHERE s.status = 'active' AND (s.expires_at IS NULL OR s.expires_at > $1) AND s.created_at < $2
        AND (s.last_matched_at IS NULL OR s.last_matched_at < $2)
        AND EXISTS (SELECT 1 FROM delivery d WHERE d.endpoint_id = e.id AND d.received_at >= $2 AND d.matched_secret_id <> s.id)`,
    [now, since],
  );
  const unused = unusedRows.rows.map((row) => `secret:${row.endpoint}:${row.fingerprint}`);
  for (const row of unusedRows.rows) {
    await recordAlert({
      kind: "secret_unused",
      severity: "warning",
      subject: `secret:${row.endpoint}:${row.fingerprint}`,
      message: `Secret ${row.fingerprint} of "${row.endpoint}" has verified nothing ${row.last_matched_at ? `since ${row.last_matched_at.toISOString().slice(0, 10)}` : "since it was added"}, while other secrets verified the endpoint's deliveries: Stripe no longer signs with it. Retire it.`,
      detail: { endpoint: row.endpoint, secret: row.fingerprint },
    });
  }
  await resolveAlerts({ kinds: ["secret_unused"], subjectsNotIn: unused });
  await resolveAlerts({ kinds: ["secret_rolled_outside", "expired_secret_in_use"], notRefreshedSince: new Date(now.getTime() - SIGNATURE_ALERT_QUIET_MS) });
  return { due, overdue, unused };
}
