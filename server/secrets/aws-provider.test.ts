import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsProvider } from "./aws-provider";
import { startAwsSecretsFake, type AwsSecretsFake } from "./fakes/start-aws-secrets-fake";
import { parseSecretReference } from "./secret-reference";

let aws: AwsSecretsFake;
const saved = { id: process.env.AWS_ACCESS_KEY_ID, key: process.env.AWS_SECRET_ACCESS_KEY };
beforeAll(async () => {
  aws = await startAwsSecretsFake();
  // The SDK's default credential chain reads these first, as it would on a server.
  process.env.AWS_ACCESS_KEY_ID = aws.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = aws.secretAccessKey;
});
afterAll(async () => {
  await aws.close();
  for (const [name, value] of [["AWS_ACCESS_KEY_ID", saved.id], ["AWS_SECRET_ACCESS_KEY", saved.key]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const read = (text: string, fake = aws) => {
  const reference = parseSecretReference(text);
  if (reference.provider !== "aws") throw new Error("not an aws reference");
  return awsProvider({ region: fake.region, endpoint: fake.url }).read(reference);
};

describe("the AWS Secrets Manager provider (the official SDK) against a local fake", () => {
  it("reads a plain SecretString, a field of a JSON one, and a secret by its ARN", async () => {
    aws.put("hookwarden/plain", "whsec_plain_value_1234");
    aws.put("hookwarden/json", JSON.stringify({ signing_secret: "whsec_json_value_1234", stripe_api_key: "rk_test_abcd1234" }));
    expect(await read("aws:hookwarden/plain")).toBe("whsec_plain_value_1234");
    expect(await read("aws:hookwarden/json#signing_secret")).toBe("whsec_json_value_1234");
    expect(await read("aws:hookwarden/json#stripe_api_key")).toBe("rk_test_abcd1234");
    // A new version is what the next read returns.
    aws.put("hookwarden/plain", "whsec_plain_value_5678");
    expect(await read("aws:hookwarden/plain")).toBe("whsec_plain_value_5678");
  });

  it("a field that is not there, or a field of a secret that is not JSON, is an error that shows no value", async () => {
    aws.put("hookwarden/fields", JSON.stringify({ other: "whsec_never_shown_123" }));
    aws.put("hookwarden/text", "whsec_never_shown_456");
    const missing = read("aws:hookwarden/fields#signing_secret");
    await expect(missing).rejects.toThrow(/has no non-empty string field "signing_secret"/);
    await expect(missing).rejects.not.toThrow(/never_shown/);
    const notJson = read("aws:hookwarden/text#signing_secret");
    await expect(notJson).rejects.toThrow(/is not JSON, so it has no field "signing_secret"/);
    await expect(notJson).rejects.not.toThrow(/never_shown/);
  });

  it("an unknown secret is ResourceNotFoundException; credentials the service does not know are refused", async () => {
    await expect(read("aws:hookwarden/nowhere")).rejects.toThrow(/has no secret hookwarden\/nowhere/);
    const other = await startAwsSecretsFake({ region: aws.region });
    try {
      other.put("hookwarden/plain", "whsec_plain_value_1234");
      // The SDK signs with this process's credentials, which the other account does not know.
      await expect(read("aws:hookwarden/plain", other)).rejects.toThrow(/refused to read .*UnrecognizedClientException/);
    } finally {
      await other.close();
    }
  });

  it("an unavailable or unreachable service is an outage, reported as such", async () => {
    aws.put("hookwarden/outage", "whsec_outage_value_1234");
    aws.down("unavailable");
    await expect(read("aws:hookwarden/outage")).rejects.toThrow(/cannot be reached for aws:hookwarden\/outage/);
    aws.down("unreachable");
    await expect(read("aws:hookwarden/outage")).rejects.toThrow(/cannot be reached for aws:hookwarden\/outage/);
    aws.up();
    expect(await read("aws:hookwarden/outage")).toBe("whsec_outage_value_1234");
  });
});
