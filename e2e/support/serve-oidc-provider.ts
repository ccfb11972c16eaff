// The local OpenID Connect provider as a process of its own: Playwright starts it as a
// `webServer` (playwright.config.ts), and it works by hand beside `npm run dev` too:
//   E2E_OIDC_REDIRECT_URI=http://localhost:3000/api/auth/callback/oidc node --import tsx e2e/support/serve-oidc-provider.ts
// (with HOOKWARDEN_OIDC_ISSUER=http://127.0.0.1:3199 and the client id and secret of E2E_OIDC_CLIENT on the server).
import { E2E_OIDC_CLIENT, startOidcProvider } from "./oidc-provider";

const port = Number(process.env.E2E_OIDC_PORT || 3199);
const redirectUri = process.env.E2E_OIDC_REDIRECT_URI || "http://localhost:3000/api/auth/callback/oidc";

const provider = await startOidcProvider({ port, clientId: E2E_OIDC_CLIENT.id, clientSecret: E2E_OIDC_CLIENT.secret, redirectUri });
console.log(`OpenID provider (end-to-end tests only) on ${provider.issuer}: client ${E2E_OIDC_CLIENT.id}, redirect URI ${redirectUri}`);

const stop = () => void provider.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
