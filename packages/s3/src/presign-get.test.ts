import { describe, expect, it } from "vitest";
import { createS3Client } from "./create-s3-client.js";
import { deriveSigningKey, presignGet, presignUrl } from "./presign-get.js";

// AWS's worked example of a presigned GET (S3 API reference, "Authenticating Requests: Using
// Query Parameters (AWS Signature Version 4)"): same inputs, the signature it publishes.
const AWS_EXAMPLE = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  signature: "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
};

describe("presigned GET URLs", () => {
  it("signs AWS's published example to its published signature", () => {
    const url = presignUrl({
      protocol: "https:",
      host: "examplebucket.s3.amazonaws.com",
      path: "/test.txt",
      region: "us-east-1",
      accessKeyId: AWS_EXAMPLE.accessKeyId,
      signingKey: (date) => deriveSigningKey(AWS_EXAMPLE.secret, date, "us-east-1"),
      expiresInSeconds: 86_400,
      now: new Date("2013-05-24T00:00:00Z"),
    });
    expect(url).toBe(
      "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
        "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request" +
        "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host" +
        `&X-Amz-Signature=${AWS_EXAMPLE.signature}`,
    );
  });

  it("takes endpoint, port, region and key from the client, path-style, key segments escaped", async () => {
    const client = createS3Client({
      endpoint: "http://127.0.0.1:9000",
      region: "ap-northeast-1",
      accessKeyId: "local",
      secretAccessKey: "local-secret",
    });
    const url = new URL(
      await presignGet(client, {
        bucket: "takedown-evidence",
        key: "dossiers/dos_1/part #1.json",
        expiresInSeconds: 600,
        now: new Date("2026-12-01T10:00:00.123Z"),
      }),
    );
    expect(url.origin).toBe("http://127.0.0.1:9000");
    expect(url.pathname).toBe("/takedown-evidence/dossiers/dos_1/part%20%231.json");
    expect(url.searchParams.get("X-Amz-Credential")).toBe(
      "local/20261201/ap-northeast-1/s3/aws4_request",
    );
    expect(url.searchParams.get("X-Amz-Date")).toBe("20261201T100000Z");
    expect(url.searchParams.get("X-Amz-Expires")).toBe("600");
    expect(url.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses a lifetime SigV4 does not allow", () => {
    const request = {
      protocol: "http:",
      host: "localhost",
      path: "/b/k",
      region: "us-east-1",
      accessKeyId: "a",
      signingKey: () => Buffer.alloc(32),
      now: new Date(),
    };
    expect(() => presignUrl({ ...request, expiresInSeconds: 0 })).toThrow(RangeError);
    expect(() => presignUrl({ ...request, expiresInSeconds: 8 * 24 * 3600 })).toThrow(/at most/);
  });
});
