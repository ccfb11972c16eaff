import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkoutPaymentEvents, newPaymentFlow, type StripeEventJson } from "@/cli/simulate/stripe-events";
import { deliver, endpointWithSecret, newSecret, signedDelivery } from "@/tests/support/intake";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { cliContext } from "@/tests/support/users";
import { fingerprint } from "../crypto/cipher";
import { disconnect, pool } from "../db";
import { addSigningSecret } from "../endpoints/add-signing-secret";
import { forgetEndpointSecrets } from "../endpoints/endpoint-secrets";
import { advanceRotations } from "./advance-rotations";
import { checkSecretHealth } from "./check-secret-health";
import { forgetForeignSignatureAlerts } from "./note-foreign-signatures";
import { retireSigningSecret } from "./retire-signing-secret";
import { rollSigningSecret } from "./roll-signing-secret";
import { rollbackRotation } from "./rollback-rotation";
import { rotationTraffic } from "./rotation-traffic";
import { setRotationPolicy } from "./set-rotation-policy";

// These tests move deliveries and secrets back in time and run the schedule over every endpoint:
// a database of their own keeps that away from the other files' whole-table checks (the overview's rollups).
beforeAll(async () => {
  await useFreshDatabase("rotation");
});
afterAll(() => disconnect());
beforeEach(() => forgetForeignSignatureAlerts());

/** An instant this long ago, computed here in milliseconds (SQL's interval arithmetic follows the session's time zone and its DST). */
const ago = (ms: number) => new Date(Date.now() - ms);
const DAY = 86_400_000;

const anEvent = (): StripeEventJson => checkoutPaymentEvents(newPaymentFlow())[2]!;

async function secretsOf(endpoint: string) {
  const rows = await pool().query<{ fingerprint: string; status: string; expires_at: Date | null }>(
    `SELECT s.fingerprint, s.status, s.expires_at FROM signing_secret s JOIN endpoint e ON e.id = s.endpoint_id WHERE e.name = $1`,
    [endpoint],
  );
  return Object.fromEntries(rows.rows.map((row) => [row.fingerprint, row]));
}

async function rotationRow(id: string) {
  const rows = await pool().query<{ status: string; outcome: string | null; endpoint_id: string; started_at: Date; finished_at: Date | null; old_secret_ids: string[]; new_secret_id: string }>(
    `SELECT status, outcome, endpoint_id, started_at, finished_at, old_secret_ids, new_secret_id FROM secret_rotation WHERE id = $1::uuid`,
    [id],
  );
  return rows.rows[0]!;
}

async function openAlerts(kind: string, subjectLike: string) {
  const rows = await pool().query<{ subject: string; severity: string; message: string }>(`SELECT subject, severity, message FROM alert WHERE kind = $1 AND subject LIKE $2 AND resolved_at IS NULL`, [kind, subjectLike]);
  return rows.rows;
}

/** The overlap is over: the old secrets' expiry is moved into the past, as if the hours had passed. */
async function endOverlap(rotationId: string, endpoint: string) {
  await pool().query(`UPDATE signing_secret SET expires_at = now() - interval '1 second' WHERE id = ANY(ARRAY(SELECT unnest(old_secret_ids) FROM secret_rotation WHERE id = $1::uuid))`, [rotationId]);
  await pool().query(`UPDATE secret_rotation SET old_expires_at = now() - interval '1 second' WHERE id = $1::uuid`, [rotationId]);
  forgetEndpointSecrets(endpoint);
}

/** Rotations of every test of this file share the database: each test looks at its own. */
async function advancedIds() {
  return (await advanceRotations()).map((advanced) => advanced.rotationId);
}

async function auditActions(endpoint: string) {
  const rows = await pool().query<{ action: string }>(`SELECT action FROM audit_entry WHERE subject = $1 ORDER BY id`, [`endpoint:${endpoint}`]);
  return rows.rows.map((row) => row.action);
}

describe("a manual roll of a signing secret", () => {
  it("accepts deliveries signed by the old, the new and both secrets during the overlap, refuses the old one after its expiry, and completes", async () => {
    const { name, secret: oldSecret } = await endpointWithSecret();
    const newSecretValue = newSecret();
    const roll = await rollSigningSecret({ endpointName: name, secret: newSecretValue, overlapHours: 24, source: "cli" }, cliContext);
    expect(roll.fingerprint).toBe(fingerprint(newSecretValue));
    expect(JSON.stringify(roll)).not.toContain("whsec_");
    const expiresIn = roll.oldExpiresAt.getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(23.9 * 3_600_000);
    expect(expiresIn).toBeLessThanOrEqual(24 * 3_600_000);

    const byOld = await deliver(signedDelivery(anEvent(), name, oldSecret));
    const byNew = await deliver(signedDelivery(anEvent(), name, newSecretValue));
    const byBoth = await deliver(signedDelivery(anEvent(), name, [newSecretValue, oldSecret]));
    expect([byOld.status, byNew.status, byBoth.status]).toEqual([200, 200, 200]);

    const rotation = await rotationRow(roll.rotationId);
    expect(rotation.status).toBe("overlap");
    const traffic = await rotationTraffic({ endpointId: rotation.endpoint_id, startedAt: rotation.started_at, finishedAt: null, oldSecretIds: rotation.old_secret_ids, newSecretId: rotation.new_secret_id });
    expect(traffic.bySecret.map((secret) => [secret.role, secret.deliveries])).toEqual([
      ["new", 2],
      ["old", 1],
    ]);
    expect(await advancedIds()).not.toContain(roll.rotationId);

    await endOverlap(roll.rotationId, name);
    const oldAfter = await deliver(signedDelivery(anEvent(), name, oldSecret));
    expect(oldAfter.status).toBe(400);
    expect(oldAfter.body).toMatchObject({ error: { code: "signature_mismatch" } });
    expect((await deliver(signedDelivery(anEvent(), name, newSecretValue))).status).toBe(200);
    // Stripe still signing with the expired secret is an alert: critical while it alone signs (deliveries refused).
    await expect.poll(() => openAlerts("expired_secret_in_use", `secret:${name}:%`)).toEqual([expect.objectContaining({ severity: "critical" })]);

    const advanced = await advanceRotations();
    expect(advanced).toContainEqual({ rotationId: roll.rotationId, endpoint: name, outcome: "completed" });
    expect(await rotationRow(roll.rotationId)).toMatchObject({ status: "completed", outcome: "The old secrets expired at the end of the overlap." });
    const secrets = await secretsOf(name);
    expect(secrets[fingerprint(oldSecret)]!.status).toBe("retired");
    expect(secrets[fingerprint(newSecretValue)]!.status).toBe("active");
    expect(await auditActions(name)).toEqual(["secrets.roll", "secrets.rotation_completed"]);
  });

  it("an overlap of 0 stops the old (leaked) secret at once", async () => {
    const { name, secret: oldSecret } = await endpointWithSecret();
    const replacement = newSecret();
    await rollSigningSecret({ endpointName: name, secret: replacement, overlapHours: 0, source: "cli" }, cliContext);
    expect((await deliver(signedDelivery(anEvent(), name, oldSecret))).status).toBe(400);
    expect((await deliver(signedDelivery(anEvent(), name, replacement))).status).toBe(200);
  });

  it("refuses bad input and a second roll while one is going on, changing nothing", async () => {
    const { name, fingerprints } = await endpointWithSecret();
    await expect(rollSigningSecret({ endpointName: name, secret: "not-a-secret", source: "cli" }, cliContext)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(rollSigningSecret({ endpointName: name, secret: newSecret(), overlapHours: 25, source: "cli" }, cliContext)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(rollSigningSecret({ endpointName: "no-such-endpoint", secret: newSecret(), source: "cli" }, cliContext)).rejects.toMatchObject({ code: "endpoint_not_found" });
    expect(Object.keys(await secretsOf(name))).toEqual(fingerprints);

    await rollSigningSecret({ endpointName: name, secret: newSecret(), source: "cli" }, cliContext);
    await expect(rollSigningSecret({ endpointName: name, secret: newSecret(), source: "cli" }, cliContext)).rejects.toMatchObject({ code: "conflict" });
    expect(Object.keys(await secretsOf(name))).toHaveLength(2);
  });

  it("retires the old secret automatically once the new one alone has verified deliveries for the quiet period, when the policy says so", async () => {
    const { name, secret: oldSecret } = await endpointWithSecret();
    await setRotationPolicy({ endpointName: name, intervalDays: null, quietMinutes: 1, autoRetire: true }, cliContext);
    const replacement = newSecret();
    const roll = await rollSigningSecret({ endpointName: name, secret: replacement, source: "cli" }, cliContext);
    await pool().query(`UPDATE secret_rotation SET started_at = now() - interval '5 minutes' WHERE id = $1::uuid`, [roll.rotationId]);

    // Stripe still signs one delivery with the old secret only: not quiet yet.
    await deliver(signedDelivery(anEvent(), name, oldSecret));
    expect(await advancedIds()).not.toContain(roll.rotationId);

    await pool().query(`UPDATE delivery SET received_at = received_at - interval '2 minutes' WHERE endpoint_id = (SELECT id FROM endpoint WHERE name = $1)`, [name]);
    await deliver(signedDelivery(anEvent(), name, [replacement, oldSecret]));
    expect(await advanceRotations()).toContainEqual({ rotationId: roll.rotationId, endpoint: name, outcome: "completed" });
    expect((await rotationRow(roll.rotationId)).outcome).toMatch(/^Retired automatically/);
    expect((await deliver(signedDelivery(anEvent(), name, oldSecret))).status).toBe(400);
  });

  it("does not retire automatically when the policy leaves it to the admin, who retires the old secret by hand", async () => {
    const { name, secret: oldSecret } = await endpointWithSecret();
    await setRotationPolicy({ endpointName: name, intervalDays: null, quietMinutes: 1, autoRetire: false }, cliContext);
    const replacement = newSecret();
    const roll = await rollSigningSecret({ endpointName: name, secret: replacement, source: "cli" }, cliContext);
    await pool().query(`UPDATE secret_rotation SET started_at = now() - interval '5 minutes' WHERE id = $1::uuid`, [roll.rotationId]);
    await deliver(signedDelivery(anEvent(), name, replacement));
    expect(await advancedIds()).not.toContain(roll.rotationId);

    await expect(retireSigningSecret({ endpointName: name, fingerprint: roll.fingerprint }, cliContext)).rejects.toMatchObject({ code: "conflict" });
    const retired = await retireSigningSecret({ endpointName: name, fingerprint: fingerprint(oldSecret), reason: "Stripe shows only the new secret" }, cliContext);
    expect(retired.completedRotation).toBe(roll.rotationId);
    expect((await rotationRow(roll.rotationId)).status).toBe("completed");
    expect((await deliver(signedDelivery(anEvent(), name, oldSecret))).status).toBe(400);
    await expect(retireSigningSecret({ endpointName: name, fingerprint: roll.fingerprint }, cliContext)).rejects.toMatchObject({ code: "conflict" });
    expect((await deliver(signedDelivery(anEvent(), name, replacement))).status).toBe(200);
  });

  it("a roll rolled back retires the new secret and lets the old one verify with no expiry", async () => {
    const { name, secret: oldSecret } = await endpointWithSecret();
    const replacement = newSecret();
    const roll = await rollSigningSecret({ endpointName: name, secret: replacement, source: "cli" }, cliContext);
    await expect(rollbackRotation({ rotationId: roll.rotationId, reason: " " }, cliContext)).rejects.toMatchObject({ code: "invalid_request" });
    await rollbackRotation({ rotationId: roll.rotationId, reason: "pasted the wrong endpoint's secret" }, cliContext);
    const secrets = await secretsOf(name);
    expect(secrets[fingerprint(oldSecret)]).toMatchObject({ status: "active", expires_at: null });
    expect(secrets[roll.fingerprint]!.status).toBe("retired");
    expect((await deliver(signedDelivery(anEvent(), name, replacement))).status).toBe(400);
    expect((await deliver(signedDelivery(anEvent(), name, oldSecret))).status).toBe(200);
    await expect(rollbackRotation({ rotationId: roll.rotationId, reason: "again" }, cliContext)).rejects.toMatchObject({ code: "conflict" });
    expect(await auditActions(name)).toEqual(["secrets.roll", "secrets.rollback"]);
  });
});

describe("signature alerts", () => {
  it("a v1 from a secret Hookwarden does not hold, beside one it does, raises secret_rolled_outside; the delivery is accepted", async () => {
    const { name, secret } = await endpointWithSecret();
    const answer = await deliver(signedDelivery(anEvent(), name, [newSecret(), secret]));
    expect(answer.status).toBe(200);
    await expect.poll(() => openAlerts("secret_rolled_outside", `endpoint:${name}`)).toHaveLength(1);
  });

  it("a forged delivery raises no rotation alert", async () => {
    const { name, secret } = await endpointWithSecret();
    await rollSigningSecret({ endpointName: name, secret: newSecret(), overlapHours: 0, source: "cli" }, cliContext);
    expect((await deliver(signedDelivery(anEvent(), name, newSecret()))).status).toBe(400);
    expect((await deliver(signedDelivery(anEvent(), name, secret))).status).toBe(400);
    await expect.poll(() => openAlerts("expired_secret_in_use", `secret:${name}:%`)).toHaveLength(1);
    expect(await openAlerts("secret_rolled_outside", `endpoint:${name}`)).toEqual([]);
  });
});

describe("the rotation policy and unused secrets", () => {
  it("reminds before the due date, flags an overdue secret, and clears both after a roll", async () => {
    const due = await endpointWithSecret();
    const overdue = await endpointWithSecret();
    await setRotationPolicy({ endpointName: due.name, intervalDays: 30, quietMinutes: 60, autoRetire: false }, cliContext);
    await setRotationPolicy({ endpointName: overdue.name, intervalDays: 30, quietMinutes: 60, autoRetire: false }, cliContext);
    await pool().query(`UPDATE signing_secret SET created_at = $2 WHERE endpoint_id = (SELECT id FROM endpoint WHERE name = $1)`, [due.name, ago(25 * DAY)]);
    await pool().query(`UPDATE signing_secret SET created_at = $2 WHERE endpoint_id = (SELECT id FROM endpoint WHERE name = $1)`, [overdue.name, ago(41 * DAY)]);

    const check = await checkSecretHealth();
    expect(check.due).toContain(due.name);
    expect(check.overdue).toContain(overdue.name);
    expect(check.overdue).not.toContain(due.name);
    expect(await openAlerts("rotation_due", `endpoint:${due.name}`)).toHaveLength(1);
    expect(await openAlerts("rotation_overdue", `endpoint:${overdue.name}`)).toEqual([expect.objectContaining({ severity: "critical", message: expect.stringContaining("41 days old") })]);

    await rollSigningSecret({ endpointName: overdue.name, secret: newSecret(), source: "cli" }, cliContext);
    expect((await checkSecretHealth()).overdue).not.toContain(overdue.name);
    expect(await openAlerts("rotation_overdue", `endpoint:${overdue.name}`)).toEqual([]);
  });

  it("flags an active secret that has verified nothing for weeks while the endpoint's deliveries verify with another", async () => {
    const { name, secrets, fingerprints } = await endpointWithSecret({ secrets: 2 });
    await pool().query(`UPDATE signing_secret SET created_at = $2 WHERE endpoint_id = (SELECT id FROM endpoint WHERE name = $1)`, [name, ago(30 * DAY)]);
    await deliver(signedDelivery(anEvent(), name, secrets[1]!));
    const check = await checkSecretHealth();
    expect(check.unused).toContain(`secret:${name}:${fingerprints[0]}`);
    expect(check.unused).not.toContain(`secret:${name}:${fingerprints[1]}`);
    await retireSigningSecret({ endpointName: name, fingerprint: fingerprints[0]! }, cliContext);
    await checkSecretHealth();
    expect(await openAlerts("secret_unused", `secret:${name}:%`)).toEqual([]);
  });

  it("refuses a bad policy and changes nothing", async () => {
    const { name } = await endpointWithSecret();
    await expect(setRotationPolicy({ endpointName: name, intervalDays: 0, quietMinutes: 60, autoRetire: false }, cliContext)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(setRotationPolicy({ endpointName: name, intervalDays: 30, quietMinutes: 0, autoRetire: false }, cliContext)).rejects.toMatchObject({ code: "invalid_request" });
    const rows = await pool().query(`SELECT rotation_interval_days, rotation_quiet_minutes FROM endpoint WHERE name = $1`, [name]);
    expect(rows.rows[0]).toEqual({ rotation_interval_days: null, rotation_quiet_minutes: 60 });
  });
});

describe("a retired secret stays retired", () => {
  it("is refused when added again by hand, and left retired when STRIPE_WEBHOOK_SECRET still names it", async () => {
    const { name, secret } = await endpointWithSecret();
    await rollSigningSecret({ endpointName: name, secret: newSecret(), overlapHours: 0, source: "cli" }, cliContext);
    await retireSigningSecret({ endpointName: name, fingerprint: fingerprint(secret) }, cliContext);
    await expect(addSigningSecret({ endpointName: name, secret, source: "cli" })).rejects.toMatchObject({ code: "conflict" });
    await addSigningSecret({ endpointName: name, secret, source: "env" });
    expect((await secretsOf(name))[fingerprint(secret)]!.status).toBe("retired");
    expect((await deliver(signedDelivery(anEvent(), name, secret))).status).toBe(400);
  });
});
