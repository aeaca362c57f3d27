import { afterAll, beforeAll, describe, expect } from "vitest";
import { loadTlsCredentials } from "@takedown/operational-http";
import { createTestCertificates, requestOnce, type TestCertificates } from "@takedown/test-kit";
import { intakeTest as test } from "./intake-harness.test-support.js";

let certificates: TestCertificates;
beforeAll(async () => {
  certificates = await createTestCertificates();
});
afterAll(async () => {
  await certificates?.remove();
});

const API_HEADERS = {
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

async function listening(app: { listen(o: { port: number; host: string }): Promise<string> }) {
  return app.listen({ port: 0, host: "127.0.0.1" });
}

describe("intake over HTTPS", () => {
  test(
    "serves TLS with the configured certificate, HSTS and the security headers on every answer",
    { timeout: 120_000 },
    async ({ launchIntake }) => {
      const tls = await loadTlsCredentials({
        certFile: certificates.server.certFile,
        keyFile: certificates.server.keyFile,
        certVariable: "INTAKE_TLS_CERT_FILE",
        keyVariable: "INTAKE_TLS_KEY_FILE",
      });
      const { intake, keyOf } = await launchIntake({ tls });
      const base = await listening(intake.app);
      expect(base).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = certificates.caPem;

      const list = await requestOnce(`${base}/v1/requests`, {
        ca,
        headers: { authorization: keyOf.a },
      });
      expect(list.status).toBe(200);
      expect(list.headers).toMatchObject({
        ...API_HEADERS,
        "strict-transport-security": "max-age=31536000",
        "cache-control": "no-store",
      });
      // Refusals and unknown paths carry them too.
      const refused = await requestOnce(`${base}/v1/requests`, { ca });
      expect(refused.status).toBe(401);
      expect(refused.headers["content-type"]).toMatch(/^application\/problem\+json/);
      const missing = await requestOnce(`${base}/no/such/path`, { ca });
      expect(missing.status).toBe(404);
      for (const answer of [refused, missing])
        expect(answer.headers).toMatchObject({
          ...API_HEADERS,
          "strict-transport-security": "max-age=31536000",
        });
      expect(refused.headers["cache-control"]).toBe("no-store");

      // A client that does not trust the CA, or trusts only another one, does not connect.
      await expect(requestOnce(`${base}/healthz`)).rejects.toMatchObject({
        code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
      });
      await expect(
        requestOnce(`${base}/healthz`, { ca: certificates.strangerCaPem }),
      ).rejects.toMatchObject({ code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" });
      // Plain HTTP on the TLS port gets no answer from the API.
      await expect(requestOnce(base.replace("https:", "http:") + "/healthz")).rejects.toThrow();
    },
  );

  test(
    "over plain HTTP sends the security headers but no HSTS",
    { timeout: 120_000 },
    async ({ launchIntake }) => {
      const { intake, keyOf } = await launchIntake();
      const base = await listening(intake.app);
      expect(base).toMatch(/^http:\/\//);
      const list = await requestOnce(`${base}/v1/requests`, {
        headers: { authorization: keyOf.a },
      });
      expect(list.status).toBe(200);
      expect(list.headers).toMatchObject({ ...API_HEADERS, "cache-control": "no-store" });
      expect(list.headers["strict-transport-security"]).toBeUndefined();
      const health = await requestOnce(`${base}/healthz`);
      expect(health.headers).toMatchObject(API_HEADERS);
      expect(health.headers["cache-control"]).toBeUndefined();
    },
  );
});
