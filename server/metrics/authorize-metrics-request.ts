import { createHash, timingSafeEqual } from "node:crypto";
import { env, type Env } from "../env";
import { AppError } from "../errors";

const sha256 = (value: string) => createHash("sha256").update(value).digest();

/**
 * Lets a scrape through only with `Authorization: Bearer <HOOKWARDEN_METRICS_TOKEN>`, compared in
 * constant time (both sides hashed first, so neither the content nor the length leaks through timing).
 * Without the setting, metrics are off and the route does not exist: 404.
 */
export function authorizeMetricsRequest(authorization: string | null, config: Env = env()): void {
  const token = config.HOOKWARDEN_METRICS_TOKEN;
  if (!token) throw new AppError("not_found", "Metrics are off on this server: set HOOKWARDEN_METRICS_TOKEN to turn them on.");
  const sent = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1];
  if (!sent) throw new AppError("unauthenticated", "Send the metrics token: Authorization: Bearer <HOOKWARDEN_METRICS_TOKEN>.");
  if (!timingSafeEqual(sha256(sent), sha256(token))) throw new AppError("unauthenticated", "The metrics token is not valid.");
}
