import { afterEach, describe, expect, it } from "vitest";
import { log, setLogSink } from "./log";

afterEach(() => {
  setLogSink(undefined);
  process.env.HOOKWARDEN_LOG_LEVEL = "silent";
});

function capture(level = "debug") {
  const lines: { line: string; level: string }[] = [];
  setLogSink((line, lineLevel) => lines.push({ line, level: lineLevel }));
  process.env.HOOKWARDEN_LOG_LEVEL = level;
  return lines;
}

describe("the one logger (pino) and its redaction", () => {
  it("writes one JSON line per call with level, ISO time, message and fields, and honours HOOKWARDEN_LOG_LEVEL", () => {
    const lines = capture("info");
    log.debug("not at info");
    log.info("event recorded", { stripeEventId: "evt_1", endpoint: "default", attempts: 2 });
    log.error("failed", { stripeEventId: "evt_2" });
    expect(lines.map((entry) => entry.level)).toEqual(["info", "error"]);
    const line = JSON.parse(lines[0]!.line) as Record<string, unknown>;
    expect(line).toMatchObject({ level: "info", msg: "event recorded", stripeEventId: "evt_1", endpoint: "default", attempts: 2 });
    expect(new Date(String(line.time)).toISOString()).toBe(line.time);
    process.env.HOOKWARDEN_LOG_LEVEL = "silent";
    log.error("silent means nothing");
    expect(lines).toHaveLength(2);
  });

  it("drops payloads, bodies, signatures, secrets, credentials and personal fields at any depth", () => {
    const lines = capture();
    log.warn("careless", {
      payload: '{"id":"evt_1"}',
      request: { headers: { authorization: "Bearer hwk_abc_def", "stripe-signature": "t=1,v1=abc" }, body: "raw body" },
      nested: { deeper: { customer: { email: "ada@example.com", name: "Ada Lovelace", phone: "+44 20 7946 0000", address: { line1: "12 St James's Sq" } } } },
      rawBody: Buffer.from("secret bytes"),
      apiKey: "hwk_live_x",
      stripeEventId: "evt_kept",
    });
    const text = lines[0]!.line;
    for (const leaked of ['{"id":"evt_1"}', "hwk_abc_def", "t=1,v1=abc", "raw body", "ada@example.com", "Ada Lovelace", "7946", "St James", "secret bytes", "hwk_live_x"]) expect(text).not.toContain(leaked);
    expect(JSON.parse(text)).toMatchObject({ stripeEventId: "evt_kept", payload: "[redacted]", apiKey: "[redacted]" });
  });

  it("scrubs secrets, e-mail addresses and card-like numbers from messages, strings and errors, prefixes included", () => {
    const lines = capture();
    const error = new Error("Stripe refused sk_live_51Habc for ops@example.com");
    log.error("key whsec_AbC123 failed for jo@example.org with 4242 4242 4242 4242", { error, note: ["rk_live_Zz9", "card 4000056655665556"] });
    const text = lines[0]!.line;
    for (const leaked of ["whsec_", "sk_live_", "rk_live_", "AbC123", "@example", "4242 4242", "4000056655665556"]) expect(text).not.toContain(leaked);
    expect(JSON.parse(text)).toMatchObject({ msg: "key [secret] failed for [email] with [number]", note: ["[secret]", "card [number]"], error: { name: "Error", message: "Stripe refused [secret] for [email]" } });
  });
});
