/**
 * A minimal OpenID Connect provider for the end-to-end run: test support only, never
 * shipped, no network beyond 127.0.0.1. It speaks the authorization-code flow exactly as
 * next-auth 4 (openid-client 5) uses it: discovery, /authorize, /token, /jwks, /userinfo.
 *
 * It is as strict as a real provider, and holds Hookwarden to what the README promises:
 * - /authorize answers only its one client at its registered redirect URI (anything else
 *   gets an error page, never a redirect), and requires `state`, a `nonce` and an S256
 *   PKCE challenge;
 * - its page lets the tester pick the e-mail address to sign in as (or takes `login_hint`),
 *   whether the provider has verified it, and a fault for this one flow (FAULTS);
 * - /token authenticates the client (client_secret_basic or client_secret_post), and
 *   accepts a code once, within a minute, from the redirect URI it was issued for and
 *   with the PKCE verifier of its challenge; it answers an RS256 ID token.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, timingSafeEqual, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What this flow's answer does wrong, chosen on the provider's page: each must keep everyone signed out. */
export const FAULTS = {
  none: "A valid ID token",
  "wrong-key": "An ID token signed with a key that is not in the JWKS",
  "other-nonce": "An ID token with the nonce of another sign-in",
  "other-audience": "An ID token issued to another client",
  "other-issuer": "An ID token from another issuer",
  expired: "An expired ID token",
  "refuse-client": "A refusal of Hookwarden's client secret (as after a rotation at the provider)",
} as const;
export type Fault = keyof typeof FAULTS;

/** The provider's one client, Hookwarden. The secret has characters that client_secret_basic must form-encode. */
export const E2E_OIDC_CLIENT = { id: "hookwarden-e2e", secret: "e2e client secret: +/=&%" } as const;

export type OidcProviderOptions = { port: number; clientId: string; clientSecret: string; redirectUri: string };

type AuthorizationRequest = { redirectUri: string; state: string; nonce: string; codeChallenge: string; scope: string; loginHint: string; expiresAt: number };
type IssuedCode = { request: AuthorizationRequest; email: string; emailVerified: boolean; fault: Fault; authTime: number; expiresAt: number; used: boolean; accessToken: string | null };
type AccessToken = { claims: Record<string, unknown>; expiresAt: number };
type Reply = { status: number; headers?: Record<string, string>; body: string };

const INTERACTION_SECONDS = 600;
const CODE_SECONDS = 60;
const TOKEN_SECONDS = 300;
const MAX_BODY_BYTES = 64 * 1024;
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

const now = () => Math.floor(Date.now() / 1000);
const randomId = () => randomBytes(32).toString("base64url");
const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** RFC 6749 §2.3.1: client_secret_basic form-encodes the id and the secret before base64. */
const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, " "));

function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { "content-type": "application/json", "cache-control": "no-store", ...headers }, body: JSON.stringify(body) };
}

function html(status: number, title: string, content: string): Reply {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${content}</main></body></html>`;
  return { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }, body: page };
}

function redirect(location: URL): Reply {
  return { status: 303, headers: { location: location.toString(), "cache-control": "no-store" }, body: "" };
}

function readForm(request: IncomingMessage): Promise<URLSearchParams | null> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers["content-type"] ?? "")) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) request.destroy(new Error("body too large"));
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))));
    request.on("error", reject);
  });
}

/** Starts the provider on 127.0.0.1:`port`; its issuer is `http://127.0.0.1:<port>`. */
export async function startOidcProvider(options: OidcProviderOptions): Promise<{ issuer: string; close: () => Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new OidcProvider(issuer, options);
  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    provider
      .handle(request)
      .then((reply) => response.writeHead(reply.status, reply.headers).end(reply.body))
      .catch((error: unknown) => {
        console.error("oidc-provider: failed:", error);
        if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: "server_error" }));
        else response.destroy();
      });
  });
  return { issuer, close: () => closeServer(server) };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

class OidcProvider {
  private readonly keyId = randomBytes(8).toString("hex");
  private readonly signingKey: KeyObject;
  /** Same key id, not in the JWKS: what a forger would sign with. */
  private readonly forgedKey: KeyObject;
  private readonly publicJwk: Record<string, unknown>;
  private readonly interactions = new Map<string, AuthorizationRequest>();
  private readonly codes = new Map<string, IssuedCode>();
  private readonly accessTokens = new Map<string, AccessToken>();

  constructor(
    private readonly issuer: string,
    private readonly options: OidcProviderOptions,
  ) {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.signingKey = pair.privateKey;
    this.forgedKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    this.publicJwk = { ...pair.publicKey.export({ format: "jwk" }), kid: this.keyId, alg: "RS256", use: "sig" };
  }

  async handle(request: IncomingMessage): Promise<Reply> {
    const url = new URL(request.url ?? "/", this.issuer);
    switch (`${request.method} ${url.pathname}`) {
      case "GET /.well-known/openid-configuration":
        return json(200, this.discovery());
      case "GET /authorize":
        return this.authorize(url.searchParams);
      case "POST /authorize":
        return this.decide(await readForm(request));
      case "POST /token":
        return this.token(request, await readForm(request));
      case "GET /jwks":
        return json(200, { keys: [this.publicJwk] });
      case "GET /userinfo":
      case "POST /userinfo":
        return this.userinfo(request);
      default:
        return json(404, { error: "not_found" });
    }
  }

  private discovery() {
    return {
      issuer: this.issuer,
      authorization_endpoint: `${this.issuer}/authorize`,
      token_endpoint: `${this.issuer}/token`,
      jwks_uri: `${this.issuer}/jwks`,
      userinfo_endpoint: `${this.issuer}/userinfo`,
      response_types_supported: ["code"],
      response_modes_supported: ["query"],
      grant_types_supported: ["authorization_code"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      scopes_supported: ["openid", "email", "profile"],
      claims_supported: ["iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "email", "email_verified", "name"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      code_challenge_methods_supported: ["S256"],
      // RFC 9207: the redirect back carries `iss`, which openid-client then checks.
      authorization_response_iss_parameter_supported: true,
    };
  }

  /** GET /authorize: an unknown client or redirect URI gets an error page; any other problem goes back to the client as `error=`. */
  private authorize(params: URLSearchParams): Reply {
    const redirectUri = params.get("redirect_uri") ?? "";
    if (params.get("client_id") !== this.options.clientId) return this.refusePage("client_id is not a client of this provider");
    if (redirectUri !== this.options.redirectUri) return this.refusePage("redirect_uri is not registered for this client");
    const state = params.get("state") ?? "";
    const back = (error: string, description: string) => this.redirectError(redirectUri, state, error, description);
    if (params.get("response_type") !== "code") return back("unsupported_response_type", "only response_type=code");
    const scope = params.get("scope") ?? "";
    if (!scope.split(" ").includes("openid")) return back("invalid_scope", "scope must include openid");
    if (!state) return back("invalid_request", "state is required");
    const nonce = params.get("nonce") ?? "";
    if (!nonce) return back("invalid_request", "nonce is required");
    const codeChallenge = params.get("code_challenge") ?? "";
    if (params.get("code_challenge_method") !== "S256" || !CHALLENGE.test(codeChallenge)) return back("invalid_request", "an S256 code_challenge is required");

    const interaction = randomId();
    const loginHint = params.get("login_hint") ?? "";
    this.interactions.set(interaction, { redirectUri, state, nonce, codeChallenge, scope, loginHint, expiresAt: now() + INTERACTION_SECONDS });
    const faults = Object.entries(FAULTS)
      .map(([value, label]) => `<option value="${value}">${escapeHtml(label)}</option>`)
      .join("");
    return html(
      200,
      "Local OpenID provider",
      `<p>Sign in to ${escapeHtml(this.options.clientId)} as:</p>
<form method="post" action="/authorize">
<input type="hidden" name="interaction" value="${interaction}">
<p><label for="email">E-mail address</label> <input id="email" name="email" type="email" value="${escapeHtml(loginHint)}" required></p>
<p><input id="email_verified" name="email_verified" type="checkbox" value="yes" checked> <label for="email_verified">The provider has verified this address</label></p>
<p><label for="fault">Answer with</label> <select id="fault" name="fault">${faults}</select></p>
<p><button type="submit" name="action" value="sign-in">Sign in</button> <button type="submit" name="action" value="cancel" formnovalidate>Cancel</button></p>
</form>`,
    );
  }

  /** POST /authorize: the tester's answer. An interaction is answered once; a code is issued for it. */
  private decide(form: URLSearchParams | null): Reply {
    const id = form?.get("interaction") ?? "";
    const request = this.interactions.get(id);
    this.interactions.delete(id);
    if (!form || !request || request.expiresAt < now()) return this.refusePage("this sign-in request has expired or was already answered");
    if (form.get("action") === "cancel") return this.redirectError(request.redirectUri, request.state, "access_denied", "the user cancelled");
    const email = (form.get("email") ?? "").trim();
    if (!email) return this.refusePage("an e-mail address is required");
    const fault = (form.get("fault") ?? "none") as Fault;
    if (!(fault in FAULTS)) return this.refusePage("unknown fault");

    const code = randomId();
    const authTime = now();
    this.codes.set(code, { request, email, emailVerified: form.get("email_verified") === "yes", fault, authTime, expiresAt: authTime + CODE_SECONDS, used: false, accessToken: null });
    const location = new URL(request.redirectUri);
    location.searchParams.set("code", code);
    location.searchParams.set("state", request.state);
    location.searchParams.set("iss", this.issuer);
    return redirect(location);
  }

  /** POST /token: client authentication first, then the code (once), its redirect URI and its PKCE verifier. */
  private token(request: IncomingMessage, form: URLSearchParams | null): Reply {
    if (!form) return this.refuseToken(400, "invalid_request", "the body must be application/x-www-form-urlencoded");
    const client = this.authenticateClient(request.headers.authorization, form);
    if (!client.ok) return this.refuseToken(client.status, client.error, client.description);
    if (form.get("grant_type") !== "authorization_code") return this.refuseToken(400, "unsupported_grant_type", "only authorization_code");

    const code = form.get("code") ?? "";
    const issued = this.codes.get(code);
    if (!issued || issued.expiresAt < now()) return this.refuseToken(400, "invalid_grant", "unknown or expired authorization code");
    if (issued.used) {
      // RFC 6749 §4.1.2: a code used twice is refused, and what it gave is revoked.
      if (issued.accessToken) this.accessTokens.delete(issued.accessToken);
      return this.refuseToken(400, "invalid_grant", "the authorization code was already used");
    }
    issued.used = true;
    if (issued.fault === "refuse-client") return this.refuseToken(401, "invalid_client", "client authentication failed");
    if (form.get("redirect_uri") !== issued.request.redirectUri) return this.refuseToken(400, "invalid_grant", "redirect_uri differs from the authorization request's");
    const verifier = form.get("code_verifier") ?? "";
    if (!VERIFIER.test(verifier) || base64url(createHash("sha256").update(verifier).digest()) !== issued.request.codeChallenge) {
      return this.refuseToken(400, "invalid_grant", "the PKCE code_verifier does not match the code_challenge");
    }

    const accessToken = randomId();
    issued.accessToken = accessToken;
    const claims = this.claims(issued);
    this.accessTokens.set(accessToken, { claims, expiresAt: now() + TOKEN_SECONDS });
    const idToken = this.idToken(issued, claims, accessToken);
    return json(200, { access_token: accessToken, token_type: "Bearer", expires_in: TOKEN_SECONDS, scope: issued.request.scope, id_token: idToken }, { pragma: "no-cache" });
  }

  private authenticateClient(authorization: string | undefined, form: URLSearchParams): { ok: true } | { ok: false; status: number; error: string; description: string } {
    let basic: { id: string; secret: string } | null = null;
    if (authorization?.startsWith("Basic ")) {
      const decoded = Buffer.from(authorization.slice(6), "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon < 0) return { ok: false, status: 401, error: "invalid_client", description: "malformed Basic credentials" };
      basic = { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
    }
    const postSecret = form.get("client_secret");
    if (basic && postSecret !== null) return { ok: false, status: 400, error: "invalid_request", description: "use one client authentication method" };
    const credentials = basic ?? (postSecret !== null ? { id: form.get("client_id") ?? "", secret: postSecret } : null);
    if (!credentials) return { ok: false, status: 401, error: "invalid_client", description: "client authentication is required" };
    const bodyId = form.get("client_id");
    const known = credentials.id === this.options.clientId && (bodyId === null || bodyId === credentials.id);
    if (!known || !sameSecret(credentials.secret, this.options.clientSecret)) return { ok: false, status: 401, error: "invalid_client", description: "client authentication failed" };
    return { ok: true };
  }

  private claims(issued: IssuedCode): Record<string, unknown> {
    const subject = createHash("sha256").update(issued.email.toLowerCase()).digest("base64url").slice(0, 22);
    return { sub: subject, email: issued.email, email_verified: issued.emailVerified, name: issued.email.split("@")[0] };
  }

  private idToken(issued: IssuedCode, claims: Record<string, unknown>, accessToken: string): string {
    const issuedAt = issued.fault === "expired" ? now() - 600 : now();
    const payload = {
      iss: issued.fault === "other-issuer" ? "https://login.example.test" : this.issuer,
      aud: issued.fault === "other-audience" ? "another-client" : this.options.clientId,
      iat: issuedAt,
      exp: issuedAt + TOKEN_SECONDS,
      auth_time: issued.authTime,
      nonce: issued.fault === "other-nonce" ? randomId() : issued.request.nonce,
      // OIDC Core §3.1.3.6: the left half of the access token's SHA-256; openid-client checks it.
      at_hash: base64url(createHash("sha256").update(accessToken).digest().subarray(0, 16)),
      ...claims,
    };
    const input = `${base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: this.keyId }))}.${base64url(JSON.stringify(payload))}`;
    const key = issued.fault === "wrong-key" ? this.forgedKey : this.signingKey;
    return `${input}.${base64url(sign("sha256", Buffer.from(input), key))}`;
  }

  private userinfo(request: IncomingMessage): Reply {
    const header = request.headers.authorization ?? "";
    const token = header.startsWith("Bearer ") ? this.accessTokens.get(header.slice(7)) : undefined;
    if (!token || token.expiresAt < now()) return json(401, { error: "invalid_token" }, { "www-authenticate": 'Bearer error="invalid_token"' });
    return json(200, token.claims);
  }

  private refusePage(reason: string): Reply {
    console.error(`oidc-provider: /authorize refused: ${reason}`);
    return html(400, "Sign-in request refused", `<p role="alert">${escapeHtml(reason)}</p>`);
  }

  private redirectError(redirectUri: string, state: string, error: string, description: string): Reply {
    console.error(`oidc-provider: /authorize answered ${error}: ${description}`);
    const location = new URL(redirectUri);
    location.searchParams.set("error", error);
    location.searchParams.set("error_description", description);
    if (state) location.searchParams.set("state", state);
    location.searchParams.set("iss", this.issuer);
    return redirect(location);
  }

  private refuseToken(status: number, error: string, description: string): Reply {
    console.error(`oidc-provider: /token refused: ${error} (${description})`);
    return json(status, { error, error_description: description }, status === 401 ? { "www-authenticate": 'Basic realm="oidc-provider"' } : {});
  }
}
