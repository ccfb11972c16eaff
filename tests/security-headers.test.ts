/**
 * Console pages get a Content-Security-Policy with a fresh nonce (proxy.ts) and every
 * response the static headers (next.config.js). The browser-level check is in
 * e2e/sign-in.spec.ts; this one pins down the policy and the session sliding.
 */
import path from "node:path";
import type { NextConfig } from "next";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { proxy } from "@/proxy";
import { sessionCookie } from "@/server/auth/session-cookie";
import { SESSION_POLICY } from "@/server/auth/session-policy";
import { encodeSessionToken, renewSessionToken } from "@/server/auth/session-token";
import { contentSecurityPolicy } from "@/server/http/content-security-policy";
import { decode } from "next-auth/jwt";

afterEach(() => vi.useRealTimers());

const claims = { userId: "5b1e3a3c-1d7e-4b0a-9c1e-2f1e1a1b1c1d", sessionVersion: 3, authTime: Math.floor(Date.now() / 1000) };

/** A session token issued `minutesAgo` minutes ago. */
async function tokenIssued(minutesAgo: number, authTime = claims.authTime) {
  vi.useFakeTimers({ now: Date.now() - minutesAgo * 60_000, toFake: ["Date"] });
  const token = await encodeSessionToken({ ...claims, authTime });
  vi.useRealTimers();
  return token.value;
}

describe("the console's Content-Security-Policy", () => {
  it("allows scripts only with this response's nonce, forbids framing, plugins and foreign forms", () => {
    const production = contentSecurityPolicy({ nonce: "abc123", dev: false, https: true });
    expect(production).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(production).toContain("style-src 'self' 'unsafe-inline'");
    for (const directive of ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "upgrade-insecure-requests"]) {
      expect(production).toContain(directive);
    }
    expect(production).not.toContain("unsafe-eval");
    expect(/script-src [^;]*/.exec(production)![0]).not.toContain("unsafe-inline");
    // next dev needs eval and inline styles; plain http (localhost) cannot upgrade requests.
    const development = contentSecurityPolicy({ nonce: "abc123", dev: true, https: false });
    expect(development).toContain("'unsafe-eval'");
    expect(development).not.toContain("upgrade-insecure-requests");
  });

  it("proxy.ts gives every page response its own nonce, and hands the same policy to Next.js's renderer", async () => {
    const first = await proxy(new NextRequest("http://localhost/sign-in"));
    const second = await proxy(new NextRequest("http://localhost/sign-in"));
    const policy = first.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
    // NextResponse.next({ request: { headers } }) passes request headers on as x-middleware-request-*.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
    expect(first.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
  });

  it("next.config.js sends nosniff, a referrer policy, DENY framing and a permissions policy on every response, and a closed policy on the API", async () => {
    const configFile = path.resolve(import.meta.dirname, "../next.config.js");
    const nextConfig = (await import(configFile)).default as Required<Pick<NextConfig, "headers">>;
    const rules = await nextConfig.headers();
    const every = Object.fromEntries(rules.find((rule) => rule.source === "/:path*")!.headers.map((header) => [header.key, header.value]));
    expect(every).toMatchObject({ "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY" });
    expect(every["Permissions-Policy"]).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/);
    expect(rules.find((rule) => rule.source === "/api/:path*")!.headers).toEqual([{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }]);
  });
});

describe("session sliding", () => {
  it("renews a token older than a few minutes with a full idle lifetime, keeping its claims", async () => {
    expect(await renewSessionToken(await tokenIssued(1))).toBeNull();
    const renewed = await renewSessionToken(await tokenIssued(SESSION_POLICY.renewAfterSeconds / 60 + 1));
    expect(renewed?.maxAge).toBe(SESSION_POLICY.idleSeconds);
    const payload = await decode({ token: renewed!.value, secret: process.env.NEXTAUTH_SECRET! });
    expect(payload).toMatchObject({ sub: claims.userId, sv: 3, authTime: claims.authTime });
    expect(Number(payload!.exp) - Math.floor(Date.now() / 1000)).toBeGreaterThan(SESSION_POLICY.idleSeconds - 5);
  });

  it("never slides past the absolute limit, and ignores expired or foreign tokens", async () => {
    const nearTheEnd = claims.authTime - SESSION_POLICY.absoluteSeconds + 600;
    const renewed = await renewSessionToken(await tokenIssued(30, nearTheEnd));
    expect(renewed!.maxAge).toBeLessThanOrEqual(600);
    expect(await renewSessionToken(await tokenIssued(SESSION_POLICY.idleSeconds / 60 + 5))).toBeNull();
    expect(await renewSessionToken("not-a-token")).toBeNull();
    expect(await renewSessionToken(undefined)).toBeNull();
  });

  it("proxy.ts re-issues the http-only, SameSite=Lax session cookie", async () => {
    const cookie = sessionCookie();
    const request = new NextRequest("http://localhost/", { headers: { cookie: `${cookie.name}=${await tokenIssued(20)}` } });
    const setCookie = (await proxy(request)).headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(new RegExp(`^${cookie.name}=`));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=lax/i);
    expect(setCookie).toMatch(new RegExp(`Max-Age=${SESSION_POLICY.idleSeconds}`));
    // http://localhost: not Secure (the browser would not send it back); https public URL: Secure, __Secure- name.
    expect(setCookie).not.toMatch(/Secure/);
    expect(sessionCookie({ ...(await import("@/server/env")).env(), NEXTAUTH_URL: "https://hookwarden.example.com" })).toMatchObject({
      name: "__Secure-next-auth.session-token",
      options: { secure: true, httpOnly: true, sameSite: "lax" },
    });
  });
});
