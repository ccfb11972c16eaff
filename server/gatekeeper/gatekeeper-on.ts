import { env } from "../env";

/** HOOKWARDEN_GATEKEEPER: `off` leaves intake as plain verify-and-record (for comparison, or an emergency). */
export function gatekeeperOn(): boolean {
  return env().HOOKWARDEN_GATEKEEPER === "on";
}
