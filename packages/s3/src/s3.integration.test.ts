import { createHash, randomBytes } from "node:crypto";
import { describe, expect } from "vitest";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { putVerifiedObject, sendWithDeclaredDigest } from "./put-verified-object.js";
import { integrationTest as test, startPrivateS3Server } from "@takedown/test-kit";
import { createS3Client } from "./create-s3-client.js";
import { ensureBucket } from "./ensure-bucket.js";
import { presignGet } from "./presign-get.js";
import { classifyS3Error } from "./classify-s3-error.js";

const sha256 = (bytes: Buffer): Buffer => createHash("sha256").update(bytes).digest();

describe("S3 server", () => {
  test("put, head and get an object verified by its SHA-256", async ({ s3, bucket }) => {
    const body = randomBytes(4096);
    const digest = sha256(body).toString("hex");
    const key = `sha256/${digest}`;
    await putVerifiedObject(s3, { bucket, key, body, sha256: digest, contentType: "image/png" });
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentLength).toBe(body.length);
    expect(head.ContentType).toBe("image/png");
    expect(head.Metadata?.sha256).toBe(digest);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    expect(sha256(bytes).toString("hex")).toBe(digest);
  });

  test("the server refuses a body that does not match the declared SHA-256", async ({
    s3,
    bucket,
  }) => {
    const declared = sha256(Buffer.from("something else")).toString("hex");
    const sent = sendWithDeclaredDigest(
      s3,
      { bucket, key: "tampered", body: randomBytes(64) },
      declared,
    );
    await expect(sent).rejects.toThrow();
    const head = s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "tampered" }));
    await expect(head).rejects.toThrow();
  });

  test("a presigned GET can be fetched with plain fetch, and a tampered one cannot", async ({
    s3,
    bucket,
  }) => {
    const body = Buffer.from("evidence bytes");
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "evidence", Body: body }));
    const url = await presignGet(s3, { bucket, key: "evidence", expiresInSeconds: 60 });
    const answer = await fetch(url);
    expect(answer.status).toBe(200);
    expect(Buffer.from(await answer.arrayBuffer()).equals(body)).toBe(true);
    const tampered = url.replace("evidence?", "other?");
    expect((await fetch(tampered)).status).toBe(403);
  });

  test("a wrong secret key is refused", async ({ infra, bucket }) => {
    const intruder = createS3Client({
      ...infra.s3,
      secretAccessKey: "not-the-secret",
      maxAttempts: 1,
    });
    const error = await intruder
      .send(new PutObjectCommand({ Bucket: bucket, Key: "x", Body: "x" }))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(classifyS3Error(error, "put").code).toBe("S3_ACCESS_DENIED");
    intruder.destroy();
  });

  test("objects survive a restart of the server", async () => {
    const server = await startPrivateS3Server();
    try {
      const client = createS3Client({ ...server, region: "us-east-1", maxAttempts: 1 });
      await ensureBucket(client, "restart-check");
      await client.send(
        new PutObjectCommand({ Bucket: "restart-check", Key: "kept", Body: "still here" }),
      );
      await server.stop();
      const down = await client
        .send(new HeadObjectCommand({ Bucket: "restart-check", Key: "kept" }))
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(classifyS3Error(down, "head").code).toBe("S3_UNREACHABLE");
      await server.start();
      const got = await client.send(new GetObjectCommand({ Bucket: "restart-check", Key: "kept" }));
      expect(await got.Body!.transformToString()).toBe("still here");
      client.destroy();
    } finally {
      await server.destroy();
    }
  });

  test("ensureBucket is idempotent and reports Object Lock support", async ({ s3, uniqueId }) => {
    const first = await ensureBucket(s3, `lock-${uniqueId}`);
    const second = await ensureBucket(s3, `lock-${uniqueId}`);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(typeof second.objectLock).toBe("boolean");
  });
});
