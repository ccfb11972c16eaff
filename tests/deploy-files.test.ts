import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvSchema, parseEnv } from "@/server/env";

// The deployment files state some facts twice (addresses, the start command, the grace period):
// no Docker engine runs in CI, so this keeps them in agreement with each other and with the code.
const root = path.resolve(import.meta.dirname, "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const compose = read("docker-compose.yml");
const nginx = read("deploy/nginx.conf");
const dockerfile = read("Dockerfile");

/** The block of the first line that is exactly `key:` (indentation included), up to the next line indented as much or less. */
function block(text: string, key: string): string {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.startsWith(`${key}:`));
  if (start < 0) throw new Error(`no ${key}: in the file`);
  const indent = lines[start]!.search(/\S/);
  const end = lines.findIndex((line, index) => index > start && line.trim() !== "" && line.search(/\S/) <= indent);
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

const ipv4 = (service: string) => block(compose, `  ${service}`).match(/ipv4_address: ([\d.]+)/)![1];

describe("deployment files", () => {
  it("nginx sends to the instances' fixed addresses, and the instances trust the proxy's", () => {
    const upstreams = [...nginx.matchAll(/^\s*server ([\d.]+):3000 /gm)].map((match) => match[1]);
    expect(upstreams).toEqual([ipv4("hookwarden-1"), ipv4("hookwarden-2")]);
    expect(compose).toMatch(new RegExp(`HOOKWARDEN_TRUSTED_PROXIES: ${ipv4("proxy")!.replaceAll(".", "\\.")}\\n`));
  });

  it("the image starts the server as npm start does, and every health check asks /api/ready", () => {
    const start = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts.start!;
    const cmd = (JSON.parse(dockerfile.match(/^CMD (\[.*\])$/m)![1]!) as string[]).join(" ");
    expect(start).toBe(`NODE_ENV=production ${cmd}`);
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production/m);
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/api\/ready/);
    expect(block(compose, "  healthcheck")).toMatch(/\/api\/ready/);
  });

  it("Docker waits longer than the server's shutdown grace before it kills", () => {
    const stopGrace = Number(compose.match(/stop_grace_period: (\d+)s/)![1]);
    const { HOOKWARDEN_SHUTDOWN_GRACE_SECONDS } = parseEnv({ DATABASE_URL: "postgresql://u:p@db:5432/h", HOOKWARDEN_ENCRYPTION_KEY: Buffer.alloc(32).toString("base64"), NEXTAUTH_SECRET: "x".repeat(32) });
    expect(stopGrace).toBeGreaterThan(HOOKWARDEN_SHUTDOWN_GRACE_SECONDS);
    expect(dockerfile).toMatch(/docker stop -t 30/);
  });

  it("sets only settings Hookwarden or the Inngest SDK reads, and every secret comes from .env.example's names", () => {
    const environment = block(compose, "  environment");
    const names = [...environment.matchAll(/^\s{4}([A-Z_]+):/gm)].map((match) => match[1]!);
    const known = new Set([...Object.keys(EnvSchema.shape), "INNGEST_SIGNING_KEY", "INNGEST_BASE_URL", "INNGEST_SERVE_ORIGIN"]);
    expect(names.filter((name) => !known.has(name))).toEqual([]);
    const fromDotEnv = new Set([...compose.matchAll(/\$\{([A-Z_]+)(:[?-][^}]*)?\}/g)].map((match) => match[1]!));
    const example = new Set([...read(".env.example").matchAll(/^([A-Z_]+)=/gm)].map((match) => match[1]!));
    expect([...fromDotEnv].filter((name) => !example.has(name) && name !== "HOOKWARDEN_LOG_LEVEL")).toEqual([]);
    // The example ships no secret: every secret is empty until the user generates one.
    expect(read(".env.example")).not.toMatch(/^(\w*(PASSWORD|KEY|SECRET))=.+$/m);
  });
});
