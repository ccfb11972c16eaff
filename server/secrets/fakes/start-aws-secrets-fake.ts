/**
 * A local HTTP server that speaks AWS Secrets Manager's wire protocol for GetSecretValue, for
 * tests (and the shape LocalStack answers with): JSON 1.1 (`POST /`, `Content-Type:
 * application/x-amz-json-1.1`, `X-Amz-Target: secretsmanager.GetSecretValue`), a SigV4
 * `Authorization` header required (its access key id must be a known one), and AWS's error
 * shape (`{"__type": "ResourceNotFoundException", "message": ...}`).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { startFakeServer } from "./start-fake-server";

export type AwsSecretsFake = {
  url: string;
  region: string;
  /** Credentials the fake accepts (give them to the SDK through AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY). */
  accessKeyId: string;
  secretAccessKey: string;
  /** Creates the secret or puts a new AWSCURRENT version of it. */
  put(name: string, secretString: string): void;
  /** `unavailable`: every request answers 503 ServiceUnavailable; `unreachable`: connections are dropped unanswered. */
  down(mode?: "unavailable" | "unreachable"): void;
  up(): void;
  reads(): number;
  close(): Promise<void>;
};

const SIGV4 = /^AWS4-HMAC-SHA256 Credential=([A-Z0-9]+)\/(\d{8})\/([a-z0-9-]+)\/secretsmanager\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export async function startAwsSecretsFake(options: { region?: string } = {}): Promise<AwsSecretsFake> {
  const region = options.region ?? "eu-west-1";
  const accessKeyId = `AKIA${randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase()}`;
  const secretAccessKey = randomUUID();
  const secrets = new Map<string, { arn: string; versionId: string; secretString: string; createdDate: number }>();
  let mode: "up" | "unavailable" = "up";
  let reads = 0;

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": randomUUID() });
    res.end(JSON.stringify(body));
  };
  const fail = (res: ServerResponse, status: number, type: string, message: string) => send(res, status, { __type: type, message });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (mode === "unavailable") return fail(res, 503, "ServiceUnavailable", "Service is unavailable");
    const auth = SIGV4.exec(String(req.headers.authorization ?? ""));
    if (!auth) return fail(res, 400, "MissingAuthenticationTokenException", "Missing Authentication Token");
    if (auth[1] !== accessKeyId) return fail(res, 400, "UnrecognizedClientException", "The security token included in the request is invalid.");
    if (auth[3] !== region) return fail(res, 400, "InvalidSignatureException", `Credential should be scoped to a valid region, not '${auth[3]}'.`);
    if (!String(req.headers["content-type"] ?? "").startsWith("application/x-amz-json-1.1")) return fail(res, 400, "SerializationException", "Expected application/x-amz-json-1.1");
    if (req.method !== "POST" || req.headers["x-amz-target"] !== "secretsmanager.GetSecretValue") {
      return fail(res, 400, "UnknownOperationException", `Unknown operation ${String(req.headers["x-amz-target"] ?? "")}`);
    }
    let input: { SecretId?: unknown };
    try {
      input = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { SecretId?: unknown };
    } catch {
      return fail(res, 400, "SerializationException", "Start of structure or map found where not expected.");
    }
    if (typeof input.SecretId !== "string") return fail(res, 400, "ValidationException", "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null");
    const found = [...secrets.entries()].find(([name, secret]) => name === input.SecretId || secret.arn === input.SecretId);
    if (!found) return fail(res, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    const [name, secret] = found;
    reads++;
    send(res, 200, { ARN: secret.arn, Name: name, VersionId: secret.versionId, SecretString: secret.secretString, VersionStages: ["AWSCURRENT"], CreatedDate: secret.createdDate });
  };

  const server = await startFakeServer(handle);

  return {
    url: server.url,
    region,
    accessKeyId,
    secretAccessKey,
    put(name, secretString) {
      const suffix = randomUUID().replace(/-/g, "").slice(0, 6);
      const arn = secrets.get(name)?.arn ?? `arn:aws:secretsmanager:${region}:123456789012:secret:${name}-${suffix}`;
      secrets.set(name, { arn, versionId: randomUUID(), secretString, createdDate: Date.now() / 1000 });
    },
    down(next = "unavailable") {
      if (next === "unreachable") server.setUnreachable(true);
      else mode = next;
    },
    up() {
      mode = "up";
      server.setUnreachable(false);
    },
    reads: () => reads,
    close: () => server.close(),
  };
}
