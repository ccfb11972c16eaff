import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkoutPaymentEvents, newPaymentFlow, type StripeEventJson } from "../../cli/simulate/stripe-events";
import { startTestPostgres, type TestPostgres } from "../../tests/support/start-postgres";
import { deliver, endpointWithSecret, signedDelivery } from "../../tests/support/intake";
import { applyMigrations } from "../embedded/apply-migrations";

/**
 * This file runs against its own PostgreSQL, which the test stops and restarts
 * while deliveries keep arriving. Modules are loaded after DATABASE_URL points at it.
 */
let postgres: TestPostgres;
let db: typeof import("../db");

beforeAll(async () => {
  postgres = await startTestPostgres("hookwarden_outage");
  await applyMigrations(postgres.url);
  process.env.DATABASE_URL = postgres.url;
  db = await import("../db");
}, 120_000);

afterAll(async () => {
  await db.disconnect();
  await postgres.stop();
});

describe("ledger outage", () => {
  it("database down: 503 with Retry-After, and nothing answered 200 is missing afterwards", async () => {
    const { name, secret } = await endpointWithSecret();
    const acknowledged = new Set<string>();
    const refused: { status: number; retryAfter: string | null }[] = [];
    const send = async (event: StripeEventJson) => {
      const answer = await deliver(signedDelivery(event, name, secret));
      if (answer.status === 200) acknowledged.add(event.id);
      else refused.push({ status: answer.status, retryAfter: answer.headers.get("retry-after") });
    };
    const wave = () => Array.from({ length: 10 }, () => checkoutPaymentEvents(newPaymentFlow())).flat();

    await Promise.all(wave().map(send)); // up
    const duringOutage = wave();
    const halted = postgres.halt();
    await Promise.all(duringOutage.map(send)); // racing the shutdown: some land, some are refused
    await halted;
    await Promise.all(wave().map(send)); // down
    await postgres.restart();
    await Promise.all(wave().map(send)); // up again

    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((answer) => answer.status === 503 && answer.retryAfter === "30")).toBe(true);
    expect(acknowledged.size).toBeGreaterThanOrEqual(80);

    const stored = await db.prisma().stripeEvent.findMany({ where: { endpoint: { name } }, select: { stripeEventId: true } });
    const storedIds = new Set(stored.map((row) => row.stripeEventId));
    const missing = [...acknowledged].filter((id) => !storedIds.has(id));
    expect(missing).toEqual([]);
  }, 120_000);
});
