import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureLocalAuthSecret } from "./embedded/ensure-database";
import { oidcConfig, parseEnv } from "./env";

const base = {
  DATABASE_URL: "postgresql://u:p@db.internal:5432/hookwarden",
  HOOKWARDEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
  NEXTAUTH_SECRET: "x".repeat(44),
};
const savedDataDir = process.env.HOOKWARDEN_DATA_DIR;
afterEach(() => {
  if (savedDataDir === undefined) delete process.env.HOOKWARDEN_DATA_DIR;
  else process.env.HOOKWARDEN_DATA_DIR = savedDataDir;
});

describe("console sign-in settings", () => {
  it("refuses to start with DATABASE_URL but no NEXTAUTH_SECRET, or a short one, naming the variable", () => {
    expect(() => parseEnv({ ...base, NEXTAUTH_SECRET: undefined })).toThrow(/NEXTAUTH_SECRET must be set when DATABASE_URL is set: .*openssl rand -base64 32/);
    expect(() => parseEnv({ ...base, NEXTAUTH_SECRET: "short" })).toThrow(/NEXTAUTH_SECRET must be at least 32 characters/);
    expect(() => parseEnv({ ...base, NEXTAUTH_URL: "hookwarden.example.com" })).toThrow(/NEXTAUTH_URL must be the console's public URL/);
  });

  it("turns SSO on only with all three OIDC variables, and refuses one or two of them", () => {
    expect(oidcConfig(parseEnv(base))).toBeNull();
    const full = { HOOKWARDEN_OIDC_ISSUER: "https://login.example.com/realms/ops/", HOOKWARDEN_OIDC_CLIENT_ID: "hookwarden", HOOKWARDEN_OIDC_CLIENT_SECRET: "s3cr3t" };
    expect(oidcConfig(parseEnv({ ...base, ...full }))).toEqual({ issuer: "https://login.example.com/realms/ops", clientId: "hookwarden", clientSecret: "s3cr3t" });
    expect(() => parseEnv({ ...base, HOOKWARDEN_OIDC_ISSUER: full.HOOKWARDEN_OIDC_ISSUER })).toThrow(
      /HOOKWARDEN_OIDC_CLIENT_ID: SSO needs all of .*; missing HOOKWARDEN_OIDC_CLIENT_ID, HOOKWARDEN_OIDC_CLIENT_SECRET/,
    );
  });

  it("the embedded default generates a session secret once into the data folder, private, and keeps it", () => {
    process.env.HOOKWARDEN_DATA_DIR = mkdtempSync(path.join(tmpdir(), "hookwarden-secret-"));
    const secret = ensureLocalAuthSecret();
    expect(Buffer.from(secret, "base64")).toHaveLength(32);
    expect(ensureLocalAuthSecret()).toBe(secret);
    const file = path.join(process.env.HOOKWARDEN_DATA_DIR, "nextauth.secret");
    expect(readFileSync(file, "utf8").trim()).toBe(secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe("retention settings", () => {
  it("defaults to 30 days of raw payloads, 365 of records and an hourly purge, and refuses records kept shorter than raw payloads", () => {
    expect(parseEnv(base)).toMatchObject({ HOOKWARDEN_RAW_PAYLOAD_RETENTION_DAYS: 30, HOOKWARDEN_RECORD_RETENTION_DAYS: 365, HOOKWARDEN_RETENTION_INTERVAL_MINUTES: 60 });
    expect(parseEnv({ ...base, HOOKWARDEN_RETENTION_INTERVAL_MINUTES: "0" }).HOOKWARDEN_RETENTION_INTERVAL_MINUTES).toBe(0);
    expect(() => parseEnv({ ...base, HOOKWARDEN_RAW_PAYLOAD_RETENTION_DAYS: "90", HOOKWARDEN_RECORD_RETENTION_DAYS: "60" })).toThrow(
      /HOOKWARDEN_RECORD_RETENTION_DAYS: HOOKWARDEN_RECORD_RETENTION_DAYS \(60\) must be at least HOOKWARDEN_RAW_PAYLOAD_RETENTION_DAYS \(90\)/,
    );
    expect(() => parseEnv({ ...base, HOOKWARDEN_RAW_PAYLOAD_RETENTION_DAYS: "0" })).toThrow(/HOOKWARDEN_RAW_PAYLOAD_RETENTION_DAYS must be a whole number from 1 to 36500/);
  });
});

describe("metrics settings", () => {
  it("leaves metrics off without HOOKWARDEN_METRICS_TOKEN (or with it empty), and refuses a token shorter than 32 characters or with spaces, naming the variable", () => {
    expect(parseEnv(base).HOOKWARDEN_METRICS_TOKEN).toBeUndefined();
    expect(parseEnv({ ...base, HOOKWARDEN_METRICS_TOKEN: "" }).HOOKWARDEN_METRICS_TOKEN).toBeUndefined();
    const token = "a".repeat(32);
    expect(parseEnv({ ...base, HOOKWARDEN_METRICS_TOKEN: token }).HOOKWARDEN_METRICS_TOKEN).toBe(token);
    for (const bad of ["a".repeat(31), `${"a".repeat(20)} ${"a".repeat(20)}`]) {
      expect(() => parseEnv({ ...base, HOOKWARDEN_METRICS_TOKEN: bad })).toThrow(/HOOKWARDEN_METRICS_TOKEN: HOOKWARDEN_METRICS_TOKEN must be 32 to 512 visible characters without spaces \(openssl rand -hex 32\)/);
    }
  });
});

describe("process role", () => {
  it("defaults to all, accepts web and worker, and refuses anything else, naming the variable and the choices", () => {
    expect(parseEnv(base).HOOKWARDEN_ROLE).toBe("all");
    expect(parseEnv({ ...base, HOOKWARDEN_ROLE: "web" }).HOOKWARDEN_ROLE).toBe("web");
    expect(parseEnv({ ...base, HOOKWARDEN_ROLE: "worker" }).HOOKWARDEN_ROLE).toBe("worker");
    expect(() => parseEnv({ ...base, HOOKWARDEN_ROLE: "runner" })).toThrow(/HOOKWARDEN_ROLE: HOOKWARDEN_ROLE must be one of all, web, worker/);
  });
});

describe("deployment settings", () => {
  it("defaults to a 25 s shutdown grace (below the 30 s after which Docker and Kubernetes kill) and a 120 s readiness limit, and refuses nonsense", () => {
    expect(parseEnv(base)).toMatchObject({ HOOKWARDEN_SHUTDOWN_GRACE_SECONDS: 25, HOOKWARDEN_READY_STALE_SECONDS: 120 });
    expect(parseEnv({ ...base, HOOKWARDEN_SHUTDOWN_GRACE_SECONDS: "55", HOOKWARDEN_READY_STALE_SECONDS: "30" })).toMatchObject({
      HOOKWARDEN_SHUTDOWN_GRACE_SECONDS: 55,
      HOOKWARDEN_READY_STALE_SECONDS: 30,
    });
    expect(() => parseEnv({ ...base, HOOKWARDEN_SHUTDOWN_GRACE_SECONDS: "0" })).toThrow(/HOOKWARDEN_SHUTDOWN_GRACE_SECONDS must be a whole number from 1 to 3600 \(got "0"\)/);
    expect(() => parseEnv({ ...base, HOOKWARDEN_SHUTDOWN_GRACE_SECONDS: "25s" })).toThrow(/HOOKWARDEN_SHUTDOWN_GRACE_SECONDS must be a whole number/);
    expect(() => parseEnv({ ...base, HOOKWARDEN_READY_STALE_SECONDS: "2" })).toThrow(/HOOKWARDEN_READY_STALE_SECONDS must be a whole number from 5 to 86400/);
  });
});
