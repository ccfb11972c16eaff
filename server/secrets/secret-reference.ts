/**
 * A secret reference: where a secret lives outside Hookwarden's database, as a short string
 * a person can type. The grammar (the README's "Secret providers" section):
 *
 *   env:<VARIABLE>                               env:STRIPE_WEBHOOK_SECRET_NEW
 *   vault:<mount>/<path>[?version=<n>]#<field>   vault:secret/hookwarden/default#signing_secret
 *   aws:<secret name or ARN>[#<field>]           aws:hookwarden/default#signing_secret
 *
 * A reference never contains a secret value, so it may be shown, logged and audited.
 */
import { z } from "zod";
import { AppError } from "../errors";

const FIELD = /^[A-Za-z0-9_.-]{1,128}$/;
const VAULT_SEGMENT = /^[A-Za-z0-9_.+@=-]{1,256}$/;
const AWS_SECRET_ID = /^[A-Za-z0-9/_+=.@:-]{1,2048}$/;

export const SECRET_PROVIDERS = ["env", "vault", "aws"] as const;
export type ExternalProviderName = (typeof SECRET_PROVIDERS)[number];

export const SecretReferenceSchema = z.discriminatedUnion("provider", [
  z.object({ provider: z.literal("env"), variable: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) }),
  z.object({
    provider: z.literal("vault"),
    mount: z.string().regex(VAULT_SEGMENT),
    path: z.string().min(1),
    field: z.string().regex(FIELD),
    version: z.number().int().positive().optional(),
  }),
  z.object({ provider: z.literal("aws"), secretId: z.string().regex(AWS_SECRET_ID), field: z.string().regex(FIELD).optional() }),
]);
export type SecretReference = z.infer<typeof SecretReferenceSchema>;

const GRAMMAR = "env:<VARIABLE>, vault:<mount>/<path>[?version=<n>]#<field> or aws:<secret name or ARN>[#<field>]";

function malformed(text: string, why: string): AppError {
  return new AppError("invalid_request", `"${text}" is not a valid secret reference: ${why} (expected ${GRAMMAR})`);
}

/** True when the text starts like a reference (`env:`, `vault:`, `aws:`): a value such as an OIDC client secret is then read as one. */
export function looksLikeSecretReference(text: string): boolean {
  return SECRET_PROVIDERS.some((provider) => text.trim().startsWith(`${provider}:`));
}

/**
 * Parses a reference. A malformed one is an invalid_request AppError that says what is wrong
 * and what the grammar is; nothing has been read or stored by then.
 */
export function parseSecretReference(input: string): SecretReference {
  const text = input.trim();
  const colon = text.indexOf(":");
  const provider = colon > 0 ? text.slice(0, colon) : "";
  const rest = text.slice(colon + 1);
  let candidate: unknown;
  if (provider === "env") {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(rest)) throw malformed(text, "an environment variable name is letters, digits and _");
    candidate = { provider, variable: rest };
  } else if (provider === "vault") {
    const match = /^([^?#]+)(?:\?version=([^#]*))?#(.*)$/.exec(rest);
    if (!match) throw malformed(text, "a Vault reference needs a path and a #field");
    const segments = match[1]!.split("/");
    if (segments.length < 2) throw malformed(text, "a Vault path starts with its KV v2 mount, then the secret's path (secret/hookwarden/default)");
    if (!segments.every((segment) => VAULT_SEGMENT.test(segment) && segment !== "." && segment !== "..")) {
      throw malformed(text, "each part of a Vault path is letters, digits and _ . + @ = -");
    }
    if (match[2] !== undefined && !/^[1-9][0-9]{0,8}$/.test(match[2])) throw malformed(text, "?version= takes a whole number from 1");
    if (!FIELD.test(match[3]!)) throw malformed(text, "a #field is letters, digits and _ . -");
    candidate = { provider, mount: segments[0], path: segments.slice(1).join("/"), field: match[3], version: match[2] === undefined ? undefined : Number(match[2]) };
  } else if (provider === "aws") {
    const hash = rest.indexOf("#");
    const secretId = hash === -1 ? rest : rest.slice(0, hash);
    const field = hash === -1 ? undefined : rest.slice(hash + 1);
    if (!AWS_SECRET_ID.test(secretId)) throw malformed(text, "an AWS secret id is a name (letters, digits and / _ + = . @ -) or an ARN");
    if (field !== undefined && !FIELD.test(field)) throw malformed(text, "a #field is letters, digits and _ . -");
    candidate = { provider, secretId, field };
  } else {
    throw malformed(text, provider ? `unknown provider "${provider}"` : "it names no provider");
  }
  const parsed = SecretReferenceSchema.safeParse(candidate);
  if (!parsed.success) throw malformed(text, parsed.error.issues[0]?.message ?? "invalid");
  return parsed.data;
}

/** The canonical text of a reference (what is stored, shown and used as the cache key and alert subject). */
export function formatSecretReference(reference: SecretReference): string {
  switch (reference.provider) {
    case "env":
      return `env:${reference.variable}`;
    case "vault":
      return `vault:${reference.mount}/${reference.path}${reference.version === undefined ? "" : `?version=${reference.version}`}#${reference.field}`;
    case "aws":
      return `aws:${reference.secretId}${reference.field === undefined ? "" : `#${reference.field}`}`;
  }
}
