// Every console page (not the API, not static files): a Content-Security-Policy with a fresh nonce, and the
// session slid forward. Authorisation is not decided here: every page and action checks for itself.
import { randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { sessionCookie, usesSecureCookies } from "@/server/auth/session-cookie";
import { renewSessionToken } from "@/server/auth/session-token";
import { contentSecurityPolicy } from "@/server/http/content-security-policy";

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const nonce = randomBytes(16).toString("base64");
  const policy = contentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === "development", https: usesSecureCookies() });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);

  const cookie = sessionCookie();
  const renewed = await renewSessionToken(request.cookies.get(cookie.name)?.value);
  if (renewed) response.cookies.set(cookie.name, renewed.value, { ...cookie.options, maxAge: renewed.maxAge });
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
