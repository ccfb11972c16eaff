/**
 * next-auth's configuration: e-mail and password (Credentials), and an optional
 * generic OIDC provider. Sessions are JWTs in an http-only cookie (see
 * session-policy.ts for their lifetime and session-cookie.ts for the cookie) that
 * carry only the user id, session version and sign-in time; every request re-reads
 * the user (signed-in-user.ts), so a role change or deactivation applies at once.
 */
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { env, oidcConfig } from "../env";
import { log } from "../log";
import { findActiveUserByEmail } from "../users/find-active-user-by-email";
import { oidcClientSecret } from "./oidc-client-secret";
import { sessionClaims } from "./session-claims";
import { sessionCookie, usesSecureCookies } from "./session-cookie";
import { SESSION_POLICY } from "./session-policy";
import { OIDC_PROVIDER_ID, rateLimitedCode } from "./sign-in-codes";
import { signInWithPassword } from "./sign-in-with-password";
import { signInWithSso } from "./sign-in-with-sso";
import { signOutUser } from "./sign-out-user";

type OidcProfile = { sub?: unknown; email?: unknown; email_verified?: unknown; name?: unknown; preferred_username?: unknown };

function oidcProvider(oidc: { issuer: string; clientId: string; clientSecret: string }): OAuthConfig<OidcProfile> {
  return {
    id: OIDC_PROVIDER_ID,
    name: "SSO",
    type: "oauth",
    wellKnown: `${oidc.issuer}/.well-known/openid-configuration`,
    issuer: oidc.issuer,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    profile: (profile) => ({
      id: String(profile.sub),
      email: typeof profile.email === "string" ? profile.email : null,
      name: typeof profile.name === "string" ? profile.name : typeof profile.preferred_username === "string" ? profile.preferred_username : null,
    }),
  };
}

/**
 * The options for next-auth's route handler and for getServerSession. `sourceAddress`
 * is the request's client address (the rate limit and the audit log need it); pages
 * reading the session pass nothing.
 */
export function authOptions(request: { sourceAddress: string | null } = { sourceAddress: null }): NextAuthOptions {
  const config = env();
  const configured = oidcConfig(config);
  // The client secret may be a reference (read at start and by the sign-in route, then cached); none read yet: no SSO.
  const clientSecret = configured ? oidcClientSecret({ fromMemory: true }, config) : null;
  const oidc = configured && clientSecret ? { ...configured, clientSecret } : null;
  const { sourceAddress } = request;
  return {
    secret: config.NEXTAUTH_SECRET,
    useSecureCookies: usesSecureCookies(config),
    cookies: { sessionToken: sessionCookie(config) },
    session: { strategy: "jwt", maxAge: SESSION_POLICY.idleSeconds },
    jwt: { maxAge: SESSION_POLICY.idleSeconds },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "E-mail and password",
        credentials: { email: { label: "E-mail address", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const result = await signInWithPassword({ email: credentials?.email, password: credentials?.password, sourceAddress });
          if (result.ok) return { id: result.user.id, sessionVersion: result.user.sessionVersion };
          // next-auth passes a thrown error's message back as the error code; the sign-in page turns it into text.
          if (result.reason === "rate_limited") throw new Error(rateLimitedCode(result.retryAfterSeconds));
          return null;
        },
      }),
      ...(oidc ? [oidcProvider(oidc)] : []),
    ],
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        const claims = (profile ?? {}) as OidcProfile;
        return (await signInWithSso({ email: claims.email, emailVerified: claims.email_verified }, sourceAddress)).ok;
      },
      async jwt({ token, user, account, profile, trigger }) {
        if (trigger !== "signIn" && trigger !== "signUp") return token;
        // A new session: the token carries only who, which session version, and when.
        const local = account?.provider === OIDC_PROVIDER_ID ? await findActiveUserByEmail((profile as OidcProfile | undefined)?.email) : user;
        if (!local?.id || typeof local.sessionVersion !== "number") throw new Error("AccessDenied");
        return { sub: local.id, sv: local.sessionVersion, authTime: Math.floor(Date.now() / 1000) };
      },
      session({ session, token }) {
        return { expires: session.expires, userId: token.sub, sessionVersion: token.sv, authTime: token.authTime };
      },
    },
    events: {
      async signOut({ token }) {
        const claims = sessionClaims(token);
        if (claims) await signOutUser(claims, sourceAddress);
      },
    },
    logger: {
      error: (code, metadata) => log.error("sign-in machinery error", { code, metadata }),
      warn: (code) => log.warn("sign-in machinery warning", { code }),
      debug: () => undefined,
    },
  };
}
