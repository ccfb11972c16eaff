import { randomBytes } from "node:crypto";
import { inject } from "vitest";

// Every test file talks to the PostgreSQL started by global-setup.ts, never to
// a database configured on the machine: refuse anything that is not local.
const url = inject("databaseUrl");
if (!/^postgresql:\/\/[^@]+@(127\.0\.0\.1|localhost):\d+\//.test(url)) {
  throw new Error(`tests refuse a non-local database: ${url.replace(/:[^:@/]+@/, ":***@")}`);
}
process.env.DATABASE_URL = url;
process.env.HOOKWARDEN_ENCRYPTION_KEY ||= randomBytes(32).toString("base64");
process.env.NEXTAUTH_SECRET ||= randomBytes(32).toString("base64");
process.env.NEXTAUTH_URL ||= "http://localhost:3000";
process.env.HOOKWARDEN_LOG_LEVEL ||= "silent";
delete process.env.INNGEST_EVENT_KEY;
delete process.env.INNGEST_DEV;
delete process.env.STRIPE_WEBHOOK_SECRET;
delete process.env.HOOKWARDEN_OIDC_ISSUER;
delete process.env.HOOKWARDEN_OIDC_CLIENT_ID;
delete process.env.HOOKWARDEN_OIDC_CLIENT_SECRET;
