// GET|POST /api/auth/* — next-auth: sign-in (password or SSO), sign-out, session, CSRF token
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/server/auth/auth-options";
import { oidcClientSecret } from "@/server/auth/oidc-client-secret";
import { env } from "@/server/env";
import { clientAddress } from "@/server/intake/client-address";

export const dynamic = "force-dynamic";

async function handler(request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  // Options per request: the rate limit and the audit log need the client's address.
  await oidcClientSecret(); // a referenced client secret, refreshed through the secret cache when stale
  return NextAuth(request, context, authOptions({ sourceAddress: clientAddress(request.headers, env().HOOKWARDEN_TRUSTED_PROXIES) }));
}

export { handler as GET, handler as POST };
