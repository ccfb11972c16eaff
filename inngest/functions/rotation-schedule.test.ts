import { InngestTestEngine } from "@inngest/test";
import { afterAll, describe, expect, it } from "vitest";
import { disconnect, pool } from "../../server/db";
import { rollSigningSecret } from "../../server/rotation/roll-signing-secret";
import { endpointWithSecret, newSecret } from "../../tests/support/intake";
import { cliContext } from "../../tests/support/users";
import { rotationSchedule } from "./rotation-schedule";

afterAll(() => disconnect());

const tick = () => new InngestTestEngine({ function: rotationSchedule }).execute({ events: [{ name: "inngest/scheduled.timer", data: {} }] });

describe("the rotation schedule (Inngest cron function)", () => {
  it("completes a roll whose old secrets have expired, retiring them", async () => {
    const { name } = await endpointWithSecret();
    const roll = await rollSigningSecret({ endpointName: name, secret: newSecret(), overlapHours: 0, source: "cli" }, cliContext);
    const { error } = await tick();
    expect(error).toBeUndefined();
    const rotation = await pool().query(`SELECT status FROM secret_rotation WHERE id = $1::uuid`, [roll.rotationId]);
    expect(rotation.rows[0]).toEqual({ status: "completed" });
    const secrets = await pool().query(`SELECT s.status FROM secret_rotation r JOIN signing_secret s ON s.id = ANY(r.old_secret_ids) WHERE r.id = $1::uuid`, [roll.rotationId]);
    expect(secrets.rows).toEqual([{ status: "retired" }]);
  });
});
