// What Hookwarden's session callbacks put in next-auth's JWT and session (server/auth/auth-options.ts).
import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    userId?: string;
    sessionVersion?: number;
    authTime?: number;
  }
  interface User {
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sv?: number;
    authTime?: number;
  }
}
