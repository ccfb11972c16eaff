import { startMinuteSchedule, stopMinuteSchedule } from "../start-minute-schedule";
import { advanceRotations } from "./advance-rotations";
import { checkSecretHealth } from "./check-secret-health";

/** One tick of the rotation schedule: move the rotations going on, then check every endpoint's secrets. */
export async function runRotationTick(now = new Date()) {
  const advanced = await advanceRotations(now);
  const health = await checkSecretHealth(now);
  return { advanced, ...health };
}

/** The embedded rotation schedule: a tick every 30 seconds in this process (Inngest deployments use the cron function). */
export function startRotationSchedule(): void {
  startMinuteSchedule("rotation", runRotationTick, 3_000, 30_000);
}

export function stopRotationSchedule(): Promise<void> {
  return stopMinuteSchedule("rotation");
}
