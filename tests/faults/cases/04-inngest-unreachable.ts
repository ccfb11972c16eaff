/**
 * Inngest unreachable. The web process runs in Inngest mode (INNGEST_EVENT_KEY) with its event
 * API pointed at a local port where nothing listens: deliveries must still be recorded and
 * answered 200. Then a local stand-in for Inngest's event API starts on that port, and the
 * ledger sweeper must hand it every recorded event, each once (by event id).
 */
import { freePort } from "../../../scripts/bench/servers";
import { startFakeInngest } from "../support/fake-inngest";
import { defineFaultCase } from "../support/fault-case";
import { describeCounts, query, statusCounts, verifyAcknowledgedRecorded } from "../support/ledger";
import { count, sendDeliveries, TrafficLog, workloadDeliveries } from "../support/traffic";

const RATE = 250;
const EVENT_KEY = "test-faults-event-key";
/** How long Inngest stays unreachable after the last delivery: longer than intake's own send retries (about 2 s), several sweeps. */
const OUTAGE_AFTER_LOAD_MS = 6_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default defineFaultCase({
  title: "Inngest unreachable",
  timeoutSeconds: 150,
  async run(context) {
    const deliveries = workloadDeliveries(context.workload);
    const inngestPort = await freePort();
    const web = await context.startWeb("web A (Inngest mode)", {
      INNGEST_EVENT_KEY: EVENT_KEY,
      INNGEST_EVENT_API_BASE_URL: `http://127.0.0.1:${inngestPort}`,
      // A sweep every second for events older than 2 s, so the case takes seconds, not the default minute.
      HOOKWARDEN_SWEEP_INTERVAL_SECONDS: "1",
      HOOKWARDEN_SWEEP_AFTER_SECONDS: "2",
    });
    context.injected(`Inngest's event API is http://127.0.0.1:${inngestPort}, where nothing listens`);
    const log = new TrafficLog();
    const load = await sendDeliveries({ deliveries, secret: context.secret, route: () => [web.baseUrl], ratePerSecond: RATE, log });
    context.verify(
      Object.keys(log.statusCounts()).every((status) => status === "200"),
      `every delivery answered 200 with Inngest unreachable: ${load.summary}, ${describeCounts(log.statusCounts())}`,
    );
    await verifyAcknowledgedRecorded(context, log, "with Inngest unreachable");
    await sleep(OUTAGE_AFTER_LOAD_MS);
    const during = await statusCounts(context.databaseUrl);
    const events = context.workload.events.length;
    context.verify(
      during.received === events && Object.keys(during).length === 1,
      `${(OUTAGE_AFTER_LOAD_MS / 1000).toFixed(0)} s after the load (intake's sends and several sweeps failed), every event waits as received: ${describeCounts(during)}`,
    );

    const inngest = await startFakeInngest(inngestPort, EVENT_KEY);
    const upAt = performance.now();
    context.injected(`Inngest's event API is back: a local stand-in listens on port ${inngestPort} (POST /e/<key>, answered like Inngest)`);
    try {
      const deadline = Date.now() + 45_000;
      let left = events;
      while (left > 0 && Date.now() < deadline) {
        await sleep(250);
        left = (await query<{ n: number }>(context.databaseUrl, `SELECT count(*)::int AS n FROM stripe_event WHERE status = 'received'`))[0]!.n;
      }
      const handedOver = await statusCounts(context.databaseUrl);
      context.verify(left === 0, `the sweeper handed every event over ${((performance.now() - upAt) / 1000).toFixed(1)} s after Inngest came back: ${describeCounts(handedOver)}`);

      const rows = await query<{ id: string; stripe_event_id: string }>(context.databaseUrl, `SELECT id, stripe_event_id FROM stripe_event`);
      const sentIds = new Map<string, number>();
      for (const event of inngest.events) sentIds.set(event.id ?? "", (sentIds.get(event.id ?? "") ?? 0) + 1);
      const missing = rows.filter((row) => !sentIds.has(row.stripe_event_id)).length;
      const repeated = [...sentIds.values()].filter((n) => n > 1).length;
      const ledgerIds = new Map(rows.map((row) => [row.stripe_event_id, row.id]));
      const mismatched = inngest.events.filter((event) => event.name !== "stripe/event.received" || event.data.ledgerEventId !== ledgerIds.get(event.id ?? "")).length;
      context.verify(
        missing === 0 && repeated === 0 && inngest.events.length === rows.length,
        `Inngest received every recorded event once by event id: ${count(inngest.events.length)} events in ${inngest.requests} requests for ${count(rows.length)} recorded; ${missing} missing, ${repeated} sent twice`,
      );
      context.verify(mismatched === 0, `each is stripe/event.received, with the Stripe event id as Inngest event id and its ledger id (${mismatched} otherwise)`);
      const [history] = await query<{ n: number }>(context.databaseUrl, `SELECT count(*)::int AS n FROM event_status_change WHERE reason = 'sent to Inngest'`);
      context.verify(history!.n === rows.length, `each event's history says "sent to Inngest" once: ${count(history!.n)} of ${count(rows.length)}`);
      context.note(`(nothing processes them here: no Inngest executor runs in this test; processing in Inngest mode is tested with @inngest/test)`);
    } finally {
      await inngest.close();
    }
  },
});
