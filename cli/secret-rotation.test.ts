import { afterAll, describe, expect, it } from "vitest";
import { fingerprint } from "@/server/crypto/cipher";
import { disconnect, pool } from "@/server/db";
import { hookwarden } from "@/tests/support/hookwarden-cli";
import { endpointWithSecret, newSecret } from "@/tests/support/intake";

afterAll(() => disconnect());

async function secretRows(endpoint: string) {
  const rows = await pool().query<{ fingerprint: string; status: string; expires_at: Date | null }>(
    `SELECT s.fingerprint, s.status, s.expires_at FROM signing_secret s JOIN endpoint e ON e.id = s.endpoint_id WHERE e.name = $1 ORDER BY s.created_at`,
    [endpoint],
  );
  return rows.rows;
}

describe("hookwarden secret roll, retire, rotation, rollback and policy", () => {
  it("rolls a secret read from standard input, shows the rotation, retires the old secret, and never prints a secret", async () => {
    const { name, secret } = await endpointWithSecret();
    const replacement = newSecret();
    const rolled = await hookwarden(["secret", "roll", name, "--overlap-hours", "6"], `${replacement}\n`);
    expect(rolled.code).toBe(0);
    expect(rolled.stdout).toContain(fingerprint(replacement));
    expect(rolled.stdout).not.toContain(replacement);
    const rotationId = /secret rotation ([0-9a-f-]{36})/.exec(rolled.stdout)![1]!;
    const rows = await secretRows(name);
    expect(rows.map((row) => row.status)).toEqual(["active", "active"]);
    const overlap = rows[0]!.expires_at!.getTime() - Date.now();
    expect(overlap).toBeGreaterThan(5.9 * 3_600_000);
    expect(overlap).toBeLessThanOrEqual(6 * 3_600_000);

    const shown = await hookwarden(["secret", "rotation", rotationId]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("manual roll");
    expect(shown.stdout).toContain("overlap");

    const listed = await hookwarden(["secret", "list", name]);
    expect(listed.stdout).toMatch(new RegExp(`${fingerprint(secret)}\\s+expiring`));
    expect(listed.stdout).toContain(`secret rotation ${rotationId}`);
    expect(listed.stdout).not.toContain("whsec_");

    const retired = await hookwarden(["secret", "retire", name, fingerprint(secret), "--reason", "Stripe shows only the new one"]);
    expect(retired.code).toBe(0);
    expect(retired.stdout).toContain(`Rotation ${rotationId} is complete`);
    expect((await secretRows(name)).map((row) => row.status)).toEqual(["retired", "active"]);
  });

  it("refuses a wrong flag, a bad overlap and a rollback without a reason, changing nothing", async () => {
    const { name } = await endpointWithSecret();
    const badFlag = await hookwarden(["secret", "roll", name, "--overlap", "6"], `${newSecret()}\n`);
    expect(badFlag.code).toBe(2);
    const tooLong = await hookwarden(["secret", "roll", name, "--overlap-hours", "48"], `${newSecret()}\n`);
    expect(tooLong.code).toBe(1);
    expect(tooLong.stderr).toMatch(/at most 24/);
    const notSecret = await hookwarden(["secret", "roll", name], "sk_live_not_a_signing_secret\n");
    expect(notSecret.code).toBe(1);
    expect(notSecret.stderr).not.toContain("sk_live_not_a_signing_secret");
    expect(await secretRows(name)).toHaveLength(1);

    const rolled = await hookwarden(["secret", "roll", name], `${newSecret()}\n`);
    const rotationId = /secret rotation ([0-9a-f-]{36})/.exec(rolled.stdout)![1]!;
    const noReason = await hookwarden(["secret", "rollback", rotationId]);
    expect(noReason.code).toBe(2);
    const undone = await hookwarden(["secret", "rollback", rotationId, "--reason", "wrong secret pasted"]);
    expect(undone.code).toBe(0);
    expect((await secretRows(name)).map((row) => row.status)).toEqual(["active", "retired"]);
  });

  it("sets a rotation policy and keeps what a flag does not change", async () => {
    const { name } = await endpointWithSecret();
    const set = await hookwarden(["secret", "policy", name, "--every", "90", "--auto-retire"]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain("rotate every 90 days");
    await hookwarden(["secret", "policy", name, "--quiet-minutes", "15"]);
    const rows = await pool().query(`SELECT rotation_interval_days, rotation_quiet_minutes, rotation_auto_retire FROM endpoint WHERE name = $1`, [name]);
    expect(rows.rows[0]).toEqual({ rotation_interval_days: 90, rotation_quiet_minutes: 15, rotation_auto_retire: true });
    const wrong = await hookwarden(["secret", "policy", name, "--every", "often"]);
    expect(wrong.code).toBe(2);
    const none = await hookwarden(["secret", "policy", name, "--every", "none"]);
    expect(none.stdout).toContain("no rotation schedule");
  });
});
