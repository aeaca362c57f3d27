import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { createLogger } from "@takedown/logger";
import { loadTlsCredentials, type TlsCredentials } from "@takedown/operational-http";
import { StaffStore } from "@takedown/staff-accounts";
import {
  createTestCertificates,
  integrationTest,
  requestOnce,
  type TestCertificates,
} from "@takedown/test-kit";
import { launchChromium } from "./browser.test-support.js";
import { buildApp, type PortalApp } from "./portal-app.js";
import { WEB_DIR, readyAccount, startPortalStack } from "./portal-stack.test-support.js";

const PASSWORD = "correct horse battery staple";
const SPA_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const COMMON = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

let certificates: TestCertificates;
let tls: TlsCredentials;
let dir: string;
let browser: Browser;
beforeAll(async () => {
  certificates = await createTestCertificates();
  tls = await loadTlsCredentials({
    certFile: certificates.server.certFile,
    keyFile: certificates.server.keyFile,
    certVariable: "PORTAL_TLS_CERT_FILE",
    keyVariable: "PORTAL_TLS_KEY_FILE",
  });
  dir = await mkdtemp(join(tmpdir(), "portal-https-"));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await certificates?.remove();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** The portal alone: these checks need no intake behind it. */
async function portalAlone(name: string, withTls: boolean) {
  const staff = StaffStore.open(join(dir, `${name}.db`));
  const portal: PortalApp = buildApp({
    logger: createLogger({ service: "portal-test", level: "warn" }),
    staff,
    // Nothing listens there; no test here reaches intake.
    intakeUrl: "http://127.0.0.1:9",
    intakeKeyOf: () => Promise.resolve(undefined),
    organNames: new Map([["organ-a", { ja: "東京法務局", en: "organ-a" }]]),
    webDir: WEB_DIR,
    port: 0,
    host: "127.0.0.1",
    ...(withTls ? { tls } : {}),
  });
  await portal.start();
  const accountId = await readyAccount(staff, "organ-a", PASSWORD);
  return {
    portal,
    accountId,
    stop: async () => {
      await portal.stop();
      staff.close();
    },
  };
}

const signInBody = (accountId: string) => JSON.stringify({ accountId, password: PASSWORD });

describe("portal over HTTPS", () => {
  it("serves the SPA and its API over TLS with HSTS, the CSP and a Secure session cookie", async () => {
    const { portal, accountId, stop } = await portalAlone("tls", true);
    try {
      const base = portal.url();
      expect(base).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = certificates.caPem;
      const page = await requestOnce(`${base}/requests`, { ca });
      expect(page.status).toBe(200);
      expect(page.headers["content-type"]).toMatch(/^text\/html/);
      expect(page.headers).toMatchObject({
        ...COMMON,
        "content-security-policy": SPA_POLICY,
        "strict-transport-security": "max-age=31536000",
      });
      const signIn = await requestOnce(`${base}/api/sign-in`, {
        ca,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: signInBody(accountId),
      });
      expect(signIn.status).toBe(200);
      const cookie = signIn.headers["set-cookie"]?.[0] ?? "";
      expect(cookie.split("; ")).toEqual(expect.arrayContaining(["HttpOnly", "Secure"]));
      expect(signIn.headers).toMatchObject({
        "cache-control": "no-store",
        "strict-transport-security": "max-age=31536000",
      });
      const session = await requestOnce(`${base}/api/session`, {
        ca,
        headers: { cookie: cookie.split(";")[0] ?? "" },
      });
      expect(session.status).toBe(200);
      expect(session.headers["cache-control"]).toBe("no-store");
      // A problem answer (no session) and an unknown API path carry the headers too.
      for (const path of ["/api/requests", "/api/no-such-thing"]) {
        const refused = await requestOnce(`${base}${path}`, { ca });
        expect(refused.status, path).toBeGreaterThanOrEqual(400);
        expect(refused.headers["content-type"], path).toMatch(/^application\/problem\+json/);
        expect(refused.headers, path).toMatchObject({
          ...COMMON,
          "cache-control": "no-store",
          "strict-transport-security": "max-age=31536000",
        });
      }
      await expect(requestOnce(`${base}/`)).rejects.toMatchObject({
        code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
      });
    } finally {
      await stop();
    }
  });

  it("over plain HTTP sends no HSTS and no Secure cookie", async () => {
    const { portal, accountId, stop } = await portalAlone("plain", false);
    try {
      const base = portal.url();
      expect(base).toMatch(/^http:\/\//);
      const page = await requestOnce(`${base}/`);
      expect(page.headers).toMatchObject({ ...COMMON, "content-security-policy": SPA_POLICY });
      expect(page.headers["strict-transport-security"]).toBeUndefined();
      const signIn = await requestOnce(`${base}/api/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: signInBody(accountId),
      });
      expect(signIn.status).toBe(200);
      expect(signIn.headers["set-cookie"]?.[0]?.split("; ")).not.toContain("Secure");
    } finally {
      await stop();
    }
  });
});

/**
 * Injected through the DevTools protocol, which the page's CSP does not govern; a string, as the
 * tests' TypeScript has no DOM types.
 */
const RECORD_VIOLATIONS = `
  window.cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) =>
    window.cspViolations.push({
      directive: event.violatedDirective,
      blocked: event.blockedURI,
      source: event.sourceFile + ":" + event.lineNumber,
    }),
  );
`;

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

describe("the SPA under its Content-Security-Policy in Chromium", () => {
  integrationTest(
    "signs in, lists, drafts and submits a request without one CSP violation",
    { timeout: 180_000 },
    async ({ kafka, s3, bucket, uniqueId, createTopic }) => {
      const stack = await startPortalStack({
        kafka,
        s3,
        bucket,
        uniqueId,
        createTopic,
        sessionIdleMs: 600_000,
      });
      const context = await browser.newContext({ locale: "ja-JP" });
      try {
        await context.addInitScript({ content: RECORD_VIOLATIONS });
        const page = await context.newPage();
        const violations = () => page.evaluate<Violation[]>("window.cspViolations");
        const base = stack.portal.url();
        const accountId = await readyAccount(stack.staff, "organ-a", PASSWORD);

        const first = await page.goto(`${base}/sign-in`);
        expect(first?.headers()["content-security-policy"]).toBe(SPA_POLICY);
        await page.getByLabel("アカウントID（stf_ で始まる）").fill(accountId);
        await page.getByLabel("パスワード", { exact: true }).fill(PASSWORD);
        await page.keyboard.press("Enter");
        await page.getByRole("heading", { name: "依頼一覧" }).waitFor();
        expect(await violations(), "sign-in and list").toEqual([]);

        await page.getByRole("link", { name: "新規依頼" }).click();
        await page.getByRole("heading", { name: "新規依頼" }).waitFor();
        await page
          .getByLabel("対象URL（1行に1件、最大100件）")
          .fill("https://unknown-forum.example/thread/42");
        await page.getByRole("radio", { name: /侮辱/ }).check();
        await page
          .getByLabel("依頼の内容（プラットフォームに伝える説明）")
          .fill("虚偽の事実を示して社会的評価を低下させる投稿です。");
        await page.getByRole("button", { name: "依頼を送信する" }).click();
        await page.getByRole("heading", { name: "依頼の詳細" }).waitFor();
        await page.getByText("依頼を受け付けました。").waitFor();
        expect(await violations(), "new request and detail").toEqual([]);
        // The recorder itself works: an image from another origin is refused and reported.
        await page.evaluate(
          `document.body.appendChild(Object.assign(document.createElement("img"), { src: "http://127.0.0.1:9/probe.png" }))`,
        );
        await expect
          .poll(async () => (await violations()).map((v) => v.directive))
          .toEqual(["img-src"]);
      } finally {
        await context.close();
        await stack.stop();
      }
    },
  );
});
