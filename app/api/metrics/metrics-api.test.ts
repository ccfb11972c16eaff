import { randomBytes } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { checkoutPaymentEvents, newPaymentFlow } from "@/cli/simulate/stripe-events";
import { disconnect } from "@/server/db";
import { reloadEnv } from "@/server/env";
import { METRIC_NAMES } from "@/server/metrics/metric-names";
import { INTAKE_DURATION_BUCKETS } from "@/server/metrics/metrics-registry";
import { UNKNOWN_ENDPOINT } from "@/server/metrics/intake-metrics";
import { deliver, endpointWithSecret, newSecret, signedDelivery } from "@/tests/support/intake";
import { parsePrometheusText, sampleValue, samplesOf, type Exposition } from "@/tests/support/prometheus-text";
import { GET } from "./route";

const TOKEN = randomBytes(32).toString("hex");

function withToken(token: string | undefined): void {
  if (token === undefined) delete process.env.HOOKWARDEN_METRICS_TOKEN;
  else process.env.HOOKWARDEN_METRICS_TOKEN = token;
  reloadEnv();
}

afterEach(() => withToken(undefined));
afterAll(() => disconnect());

async function scrapeWith(authorization?: string) {
  const response = await GET(new Request("http://localhost/api/metrics", { headers: authorization === undefined ? {} : { authorization } }));
  return { status: response.status, contentType: response.headers.get("content-type"), text: await response.text() };
}

async function scrape(): Promise<Exposition> {
  const answer = await scrapeWith(`Bearer ${TOKEN}`);
  expect(answer.status).toBe(200);
  return parsePrometheusText(answer.text);
}

const oneEvent = () => checkoutPaymentEvents(newPaymentFlow())[2]!;

describe("GET /api/metrics: the token", () => {
  it("answers 404 (metrics off) while HOOKWARDEN_METRICS_TOKEN is unset, whatever the request sends", async () => {
    for (const authorization of [undefined, `Bearer ${TOKEN}`, "Bearer "]) {
      const answer = await scrapeWith(authorization);
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.text)).toMatchObject({ error: { code: "not_found" } });
    }
  });

  it("refuses a scrape without the token, with another scheme, a wrong token or a prefix of the right one: 401, the project's error shape, no metrics", async () => {
    withToken(TOKEN);
    for (const authorization of [undefined, "", `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}`, `Bearer ${randomBytes(32).toString("hex")}`, `Bearer ${TOKEN.slice(0, -1)}`, `Bearer ${TOKEN}x`, `bearer${TOKEN}`]) {
      const answer = await scrapeWith(authorization);
      expect(answer.status, String(authorization)).toBe(401);
      const body = JSON.parse(answer.text) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("unauthenticated");
      expect(answer.text).not.toContain(TOKEN);
      expect(answer.text).not.toContain("hookwarden_");
    }
  });

  it("with the token: Prometheus's text format, every metric Hookwarden defines, and the process metrics under the prefix", async () => {
    withToken(TOKEN);
    const answer = await scrapeWith(`Bearer ${TOKEN}`);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const exposition = parsePrometheusText(answer.text);
    for (const name of Object.values(METRIC_NAMES)) expect(exposition.types.has(name), name).toBe(true);
    expect(exposition.types.get(METRIC_NAMES.intakeRequests)).toBe("counter");
    expect(exposition.types.get(METRIC_NAMES.intakeDuration)).toBe("histogram");
    expect(sampleValue(exposition, "hookwarden_process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(sampleValue(exposition, METRIC_NAMES.databaseUp)).toBe(1);
    expect([...exposition.types.keys()].every((name) => name.startsWith("hookwarden_"))).toBe(true);
  });
});

describe("intake metrics", () => {
  it("count real signed deliveries by outcome and time them, per endpoint; unknown names and source addresses never become labels", async () => {
    withToken(TOKEN);
    const endpoint = await endpointWithSecret();
    const unknownName = `nope-${randomBytes(4).toString("hex")}`;
    const before = await scrape();
    const count = (exposition: Exposition, outcome: string, name = endpoint.name) =>
      sampleValue(exposition, METRIC_NAMES.intakeRequests, { endpoint: name, outcome }) ?? 0;
    const histogram = (exposition: Exposition, suffix: string, statusClass: string, le?: string) =>
      sampleValue(exposition, `${METRIC_NAMES.intakeDuration}${suffix}`, { endpoint: endpoint.name, status_class: statusClass, ...(le ? { le } : {}) }) ?? 0;

    const events = [oneEvent(), oneEvent(), oneEvent()];
    for (const event of events) expect((await deliver({ ...signedDelivery(event, endpoint.name, endpoint.secret), sourceIp: "203.0.113.77" })).status).toBe(200);
    expect((await deliver(signedDelivery(events[0]!, endpoint.name, endpoint.secret))).body).toMatchObject({ duplicate: true });
    for (let i = 0; i < 2; i++) expect((await deliver(signedDelivery(oneEvent(), endpoint.name, newSecret()))).status).toBe(400);
    expect((await deliver({ ...signedDelivery(oneEvent(), endpoint.name, endpoint.secret), header: null })).status).toBe(400);
    expect((await deliver(signedDelivery(oneEvent(), unknownName, endpoint.secret))).status).toBe(404);

    const after = await scrape();
    expect(count(after, "accepted") - count(before, "accepted")).toBe(3);
    expect(count(after, "duplicate") - count(before, "duplicate")).toBe(1);
    expect(count(after, "signature_mismatch") - count(before, "signature_mismatch")).toBe(2);
    expect(count(after, "header_missing") - count(before, "header_missing")).toBe(1);
    expect(count(after, "endpoint_not_found", UNKNOWN_ENDPOINT) - count(before, "endpoint_not_found", UNKNOWN_ENDPOINT)).toBe(1);

    // The histogram: 4 answered 2xx and 3 answered 4xx, each counted once, in cumulative buckets up to +Inf.
    expect(histogram(after, "_count", "2xx") - histogram(before, "_count", "2xx")).toBe(4);
    expect(histogram(after, "_count", "4xx") - histogram(before, "_count", "4xx")).toBe(3);
    expect(histogram(after, "_sum", "2xx")).toBeGreaterThan(histogram(before, "_sum", "2xx"));
    const buckets = [...INTAKE_DURATION_BUCKETS.map(String), "+Inf"].map((le) => histogram(after, "_bucket", "2xx", le));
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(buckets.at(-1)).toBe(histogram(after, "_count", "2xx"));
    expect(histogram(after, "_bucket", "2xx", "5")).toBe(histogram(after, "_count", "2xx"));

    const labelValues = samplesOf(after, METRIC_NAMES.intakeRequests).flatMap((sample) => Object.values(sample.labels));
    expect(labelValues).not.toContain(unknownName);
    expect(labelValues.join(" ")).not.toContain("203.0.113.77");
  });
});
