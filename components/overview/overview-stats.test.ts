import { describe, expect, it } from "vitest";
import type { Overview } from "@/server/overview/get-overview";
import { overviewStats } from "./overview-stats";

function overview(change: Partial<Overview> = {}): Overview {
  const perMinute = Array.from({ length: 1440 }, (_, i) => ({ minute: new Date(Date.UTC(2026, 10, 29, 0, i)).toISOString(), deliveries: i >= 1435 ? 3 : 0, events: 0 }));
  return {
    at: "2026-11-29T23:59:30Z",
    perMinute,
    last24h: { deliveries: 15, events: 12 },
    statuses: { received: 0, queued: 2, processing: 1, processed: 9, awaiting_link: 1, quarantined: 2, held: 0, failed: 1, dead: 3, ignored: 4 },
    queue: { depth: 4, byStatus: { received: 0, queued: 2, processing: 1, failed: 1 }, oldest: { id: "0b5d2f6e-6f8a-4a1c-9a65-0a6c3b8e2f10", stripeEventId: "evt_old", status: "queued", receivedAt: "2026-11-29T23:40:00Z", ageSeconds: 1_170 } },
    intakeLatency: { sample: 15, since: "2026-11-29T23:00:00Z", p50Ms: 4.2, p99Ms: 12.6 },
    quarantine: { open: 2, byReason: [{ reason: "amount_mismatch", explanation: "", count: 2, oldestAt: "", newestAt: "" }] },
    awaitingLink: 1,
    dead: 3,
    ...change,
  };
}

describe("the overview's numbers", () => {
  it("each links to the list it counts", () => {
    const byId = Object.fromEntries(overviewStats(overview()).map((stat) => [stat.id, stat]));
    expect(byId["deliveries-per-minute"]).toMatchObject({ value: "3", href: "/?range=15m" });
    expect(byId["intake-latency"]).toMatchObject({ value: "13 ms", href: "/?range=1h", tone: "default" });
    expect(byId["queue-depth"]).toMatchObject({ value: "4", href: "/?status=received%2Cqueued%2Cprocessing%2Cfailed" });
    expect(byId["oldest-unprocessed"]).toMatchObject({ value: "19 min", href: "/events/0b5d2f6e-6f8a-4a1c-9a65-0a6c3b8e2f10", tone: "warning" });
    expect(byId["open-quarantine"]).toMatchObject({ value: "2", href: "/quarantine", tone: "warning" });
    expect(byId["awaiting-link"]).toMatchObject({ value: "1", href: "/?status=awaiting_link" });
    expect(byId.dead).toMatchObject({ value: "3", href: "/?status=dead", tone: "danger" });
  });

  it("says plainly when there is nothing to measure or nothing waiting", () => {
    const stats = overviewStats(overview({ queue: { depth: 0, byStatus: { received: 0, queued: 0, processing: 0, failed: 0 }, oldest: null }, intakeLatency: { sample: 0, since: null, p50Ms: null, p99Ms: null }, dead: 0 }));
    const byId = Object.fromEntries(stats.map((stat) => [stat.id, stat]));
    expect(byId["oldest-unprocessed"]).toMatchObject({ value: "none", tone: "default" });
    expect(byId["intake-latency"]).toMatchObject({ value: "—", hint: "no deliveries in the last hour" });
    expect(byId.dead).toMatchObject({ value: "0", tone: "default" });
  });
});
