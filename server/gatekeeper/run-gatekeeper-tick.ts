/**
 * One turn of the gatekeeper, every few seconds (the embedded schedule or the Inngest cron), and
 * at every virtual step of `hookwarden detect --replay`: `now` is the gatekeeper's clock, never read
 * from the machine inside. It flushes what intake counted, scores each endpoint's traffic against its
 * baselines, trips or advances its breakers, and refreshes what intake keeps in memory (source lists,
 * blocks, shedding breakers).
 */
export async function runGatekeeperTick(now: Date): Promise<void> {
  void now;
}
