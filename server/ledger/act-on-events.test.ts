import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { setLogSink } from "../log";
import { actOnEvents } from "./act-on-events";

const logLevel = process.env.HOOKWARDEN_LOG_LEVEL;
afterEach(() => {
  setLogSink(undefined);
  process.env.HOOKWARDEN_LOG_LEVEL = logLevel;
});

describe("acting on several events, one at a time", () => {
  it("reports each refusal with its message, and still acts on the rest, once per id", async () => {
    const seen: string[] = [];
    const outcome = await actOnEvents(["a", "b", "a", "c"], async (id) => {
      seen.push(id);
      if (id === "b") throw new AppError("conflict", "Event evt_b is processed; nothing changed.");
    });
    expect(seen).toEqual(["a", "b", "c"]);
    expect(outcome).toEqual({ succeeded: ["a", "c"], failed: [{ id: "b", message: "Event evt_b is processed; nothing changed." }] });
  });

  it("reports an unexpected error under a logged reference, without its details, and goes on", async () => {
    const lines: string[] = [];
    process.env.HOOKWARDEN_LOG_LEVEL = "info";
    setLogSink((line) => lines.push(line));
    const outcome = await actOnEvents(["a", "b"], async (id) => {
      if (id === "a") throw new Error("connection to 10.0.0.7 reset while writing jenny.rosen@example.com");
    });
    expect(outcome.succeeded).toEqual(["b"]);
    const reference = /reference ([0-9a-f-]{36})/.exec(outcome.failed[0]!.message)?.[1];
    expect(reference).toBeTruthy();
    expect(outcome.failed[0]!.message).not.toContain("10.0.0.7");
    expect(lines.some((line) => line.includes(reference!))).toBe(true);
    expect(lines.join("\n")).not.toContain("jenny.rosen@example.com");
  });

  it("throws bad input once instead of reporting it per event", async () => {
    await expect(
      actOnEvents(["a", "b"], async () => {
        throw new AppError("invalid_request", "reason: too short");
      }),
    ).rejects.toMatchObject({ code: "invalid_request" });
  });
});
