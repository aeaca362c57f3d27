import { createHash, createHmac } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";

const ALGORITHM = "AWS4-HMAC-SHA256";
const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
/** SigV4 allows a presigned URL seven days at most. */
const MAX_EXPIRES_SECONDS = 7 * 24 * 3600;

/** RFC 3986 unreserved characters stay; everything else is percent-encoded, as SigV4 requires. */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const hmac = (key: Buffer | string, data: string): Buffer =>
  createHmac("sha256", key).update(data, "utf8").digest();

/** SigV4's signing key for a day, region and the s3 service. */
export function deriveSigningKey(secret: string, date: string, region: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), "s3"), "aws4_request");
}

/** The day's signing key per client and secret: four HMACs saved on every URL of the day. */
const signingKeys = new WeakMap<S3Client, { scope: string; secret: string; key: Buffer }>();

function signingKey(client: S3Client, secret: string, date: string, region: string): Buffer {
  const scope = `${date}/${region}`;
  const cached = signingKeys.get(client);
  if (cached?.scope === scope && cached.secret === secret) return cached.key;
  const key = deriveSigningKey(secret, date, region);
  signingKeys.set(client, { scope, secret, key });
  return key;
}

/**
 * A time-limited GET URL a platform can fetch evidence with, without S3 credentials of its own.
 *
 * Signed here with SigV4's query form (path-style, unsigned payload, only `host` signed) from the
 * client's own endpoint, region and credentials, rather than through the SDK's getSignedUrl: that
 * clones and runs the client's whole middleware stack per URL, which was a third of routing's CPU
 * per notice (bench/pipeline --cpu-prof). The signing is checked against AWS's published example
 * (presign-get.test.ts) and the URLs fetched from the real server in the integration tests.
 */
export async function presignGet(
  client: S3Client,
  options: { bucket: string; key: string; expiresInSeconds: number; now?: Date },
): Promise<string> {
  const { config } = client;
  const [credentials, region, endpoint] = await Promise.all([
    config.credentials(),
    config.region(),
    config.endpoint?.(),
  ]);
  if (endpoint === undefined) throw new Error("presignGet needs an S3 client with an endpoint");
  const defaultPort = endpoint.protocol === "https:" ? 443 : 80;
  const base = endpoint.path.endsWith("/") ? endpoint.path.slice(0, -1) : endpoint.path;
  return presignUrl({
    protocol: endpoint.protocol,
    host:
      endpoint.port === undefined || endpoint.port === defaultPort
        ? endpoint.hostname
        : `${endpoint.hostname}:${endpoint.port}`,
    path: `${base}/${escapeUri(options.bucket)}/${escapeKey(options.key)}`,
    region,
    accessKeyId: credentials.accessKeyId,
    ...(credentials.sessionToken !== undefined && { sessionToken: credentials.sessionToken }),
    signingKey: (date) => signingKey(client, credentials.secretAccessKey, date, region),
    expiresInSeconds: options.expiresInSeconds,
    now: options.now ?? new Date(),
  });
}

/** An object key as a URL path: each segment escaped, the slashes kept. */
function escapeKey(key: string): string {
  return key.split("/").map(escapeUri).join("/");
}

export interface PresignRequest {
  protocol: string;
  /** `hostname[:port]`, as the Host header will carry it. */
  host: string;
  /** Already escaped. */
  path: string;
  region: string;
  accessKeyId: string;
  sessionToken?: string;
  signingKey: (date: string) => Buffer;
  expiresInSeconds: number;
  now: Date;
}

/** SigV4 query signing of a GET (AWS's "Authenticating Requests: Using Query Parameters"). */
export function presignUrl(request: PresignRequest): string {
  const { expiresInSeconds } = request;
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1)
    throw new RangeError(`expiresInSeconds must be a positive integer: ${expiresInSeconds}`);
  if (expiresInSeconds > MAX_EXPIRES_SECONDS)
    throw new RangeError(`a presigned URL lasts at most ${MAX_EXPIRES_SECONDS} s (SigV4)`);
  const amzDate = request.now.toISOString().replace(/[-:]|\.\d{3}/g, "");
  const date = amzDate.slice(0, 8);
  const scope = `${date}/${request.region}/s3/aws4_request`;
  const query: [string, string][] = [
    ["X-Amz-Algorithm", ALGORITHM],
    ["X-Amz-Credential", `${request.accessKeyId}/${scope}`],
    ["X-Amz-Date", amzDate],
    ["X-Amz-Expires", String(expiresInSeconds)],
    ["X-Amz-SignedHeaders", "host"],
  ];
  if (request.sessionToken !== undefined)
    query.push(["X-Amz-Security-Token", request.sessionToken]);
  const canonicalQuery = query
    .map(([name, value]) => [escapeUri(name), escapeUri(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const canonicalRequest = [
    "GET",
    request.path,
    canonicalQuery,
    `host:${request.host}\n`,
    "host",
    UNSIGNED_PAYLOAD,
  ].join("\n");
  const stringToSign = [
    ALGORITHM,
    amzDate,
    scope,
    createHash("sha256").update(canonicalRequest, "utf8").digest("hex"),
  ].join("\n");
  const signature = createHmac("sha256", request.signingKey(date))
    .update(stringToSign, "utf8")
    .digest("hex");
  return `${request.protocol}//${request.host}${request.path}?${canonicalQuery}&X-Amz-Signature=${signature}`;
}
