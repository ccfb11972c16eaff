import { describe, expect, it } from "vitest";
import { formatSecretReference, looksLikeSecretReference, parseSecretReference } from "./secret-reference";

describe("secret references", () => {
  it("parses each provider's form and writes it back the same way", () => {
    const cases = {
      "env:STRIPE_WEBHOOK_SECRET_NEW": { provider: "env", variable: "STRIPE_WEBHOOK_SECRET_NEW" },
      "vault:secret/hookwarden/default#signing_secret": { provider: "vault", mount: "secret", path: "hookwarden/default", field: "signing_secret" },
      "vault:kv/hookwarden/default?version=3#signing_secret": { provider: "vault", mount: "kv", path: "hookwarden/default", field: "signing_secret", version: 3 },
      "aws:hookwarden/default#signing_secret": { provider: "aws", secretId: "hookwarden/default", field: "signing_secret" },
      "aws:hookwarden-stripe-key": { provider: "aws", secretId: "hookwarden-stripe-key" },
      "aws:arn:aws:secretsmanager:eu-west-1:123456789012:secret:hookwarden/default-AbCdEf#signing_secret": {
        provider: "aws",
        secretId: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hookwarden/default-AbCdEf",
        field: "signing_secret",
      },
    };
    for (const [text, expected] of Object.entries(cases)) {
      const parsed = parseSecretReference(`  ${text} `);
      expect(parsed).toEqual(expected);
      expect(formatSecretReference(parsed)).toBe(text);
      expect(looksLikeSecretReference(text)).toBe(true);
    }
  });

  it("refuses a malformed reference with a message that says what is wrong and what the grammar is", () => {
    const bad: [string, RegExp][] = [
      ["whsec_abc", /names no provider/],
      ["file:/etc/secret", /unknown provider "file"/],
      ["env:", /environment variable name/],
      ["env:MY-VAR", /environment variable name/],
      ["vault:secret/hookwarden/default", /needs a path and a #field/],
      ["vault:hookwarden#signing_secret", /starts with its KV v2 mount/],
      ["vault:secret/../sys/seal#x", /each part of a Vault path/],
      ["vault:secret//default#x", /each part of a Vault path/],
      ["vault:secret/hookwarden?version=latest#x", /\?version= takes a whole number/],
      ["vault:secret/hookwarden#", /a #field is/],
      ["aws:", /an AWS secret id/],
      ["aws:name with spaces", /an AWS secret id/],
      ["aws:hookwarden#bad field", /a #field is/],
    ];
    for (const [text, why] of bad) {
      expect(() => parseSecretReference(text), text).toThrow(why);
      expect(() => parseSecretReference(text), text).toThrow(/expected env:<VARIABLE>, vault:<mount>\/<path>\[\?version=<n>\]#<field> or aws:/);
    }
    expect(looksLikeSecretReference("s3cr3t")).toBe(false);
    expect(looksLikeSecretReference("whsec_abc")).toBe(false);
  });
});
