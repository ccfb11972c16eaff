import { env } from "../../env";
import { gatekeeperOn } from "../gatekeeper-on";

export type FraudSettings = {
  /** False when HOOKWARDEN_GATEKEEPER is off: nothing is recorded, scored or held. */
  enabled: boolean;
  elevated: number;
  highest: number;
  smallAmount: number;
  hold: "off" | "on" | "highest";
  minDecisions: number;
};

/** The fraud scoring's settings, from the validated configuration (README: Business-logic fraud). */
export function fraudSettings(): FraudSettings {
  const config = env();
  return {
    enabled: gatekeeperOn(),
    elevated: config.HOOKWARDEN_FRAUD_ELEVATED_SCORE,
    highest: config.HOOKWARDEN_FRAUD_HIGHEST_SCORE,
    smallAmount: config.HOOKWARDEN_FRAUD_SMALL_AMOUNT,
    hold: config.HOOKWARDEN_FRAUD_HOLD,
    minDecisions: config.HOOKWARDEN_FRAUD_TUNING_MIN_DECISIONS,
  };
}

/** Whether a review at this score holds its customer's success events, under the hold setting. */
export function holdsAt(settings: FraudSettings, score: number): boolean {
  return settings.hold === "on" || (settings.hold === "highest" && score >= settings.highest);
}
