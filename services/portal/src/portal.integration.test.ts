import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { integrationTest } from "@takedown/test-kit";
import { axeViolations, launchChromium, screenshot } from "./browser.test-support.js";
import { readyAccount, startPortalStack, type PortalStack } from "./portal-stack.test-support.js";

const PASSWORD = "correct horse battery staple";
const IDLE_MS = 10 * 60_000;
// PNG magic and a body: intake sniffs the type, so it is stored as image/png.
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from(`screenshot of a defamatory post ${Date.now()}`),
]);

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const test = integrationTest.extend<{ stack: PortalStack; context: BrowserContext }>({
  stack: async ({ kafka, s3, bucket, uniqueId, createTopic }, use) => {
    const stack = await startPortalStack({
      kafka,
      s3,
      bucket,
      uniqueId,
      createTopic,
      sessionIdleMs: IDLE_MS,
    });
    await use(stack);
    await stack.stop();
  },
  // eslint-disable-next-line no-empty-pattern -- vitest reads the fixture's dependencies from this pattern
  context: async ({}, use) => {
    const context = await browser.newContext({ locale: "ja-JP", timezoneId: "Europe/London" });
    await use(context);
    await context.close();
  },
});

async function expectAxeClean(page: Page, what: string): Promise<void> {
  expect(await axeViolations(page), `axe on ${what}`).toEqual([]);
}

/** Signs in with the keyboard only: Tab between fields, Enter submits. */
async function signIn(page: Page, base: string, accountId: string, password = PASSWORD) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("アカウントID（stf_ で始まる）").focus();
  await page.keyboard.type(accountId);
  await page.keyboard.press("Tab");
  await page.keyboard.type(password);
  await page.keyboard.press("Enter");
}

/** Same-origin calls from the page, as its scripts make them (the CSRF token from the session). */
async function pageFetch(
  page: Page,
  path: string,
  init: { method: string; csrf: boolean; body?: unknown; idempotencyKey?: string },
) {
  return page.evaluate(
    async ({ path, init }) => {
      const session = (await (await fetch("/api/session")).json()) as { csrfToken: string };
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (init.csrf) headers["x-csrf-token"] = session.csrfToken;
      if (init.idempotencyKey !== undefined) headers["idempotency-key"] = init.idempotencyKey;
      const response = await fetch(path, {
        method: init.method,
        headers,
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    { path, init },
  );
}

describe("portal in Chromium against intake", () => {
  // A whole journey in a real browser, with scrypt sign-ins, on a shared two-core machine (at a
  // load of 20-34 the journey reached the detail page after 150 s).
  test(
    "a staff member sets up, signs in, submits two URLs with evidence through an outage, and withdraws",
    { timeout: 360_000 },
    async ({ stack, context }) => {
      const base = stack.portal.url();
      const created = await stack.staff.createAccount({ organId: "organ-a" });
      const page = await context.newPage();

      // Set-up with the one-time secret printed by `takedown staff add`.
      await page.goto(`${base}/setup`);
      await expect
        .poll(() => page.locator("html").getAttribute("lang"), { timeout: 10_000 })
        .toBe("ja");
      await page.getByLabel("アカウントID（stf_ で始まる）").fill(created.account.id);
      await page.getByLabel("セットアップ用シークレット").fill(created.setupSecret);
      await page.getByLabel("新しいパスワード（12文字以上）").fill(PASSWORD);
      await screenshot(page, "01-setup");
      await expectAxeClean(page, "set-up");
      await page.getByRole("button", { name: "パスワードを設定する" }).click();
      await page.getByText("パスワードを設定しました").waitFor();

      await page.goto(`${base}/sign-in`);
      await expectAxeClean(page, "sign-in");
      await screenshot(page, "02-sign-in");
      await signIn(page, base, created.account.id);
      await page.getByRole("heading", { name: "依頼一覧" }).waitFor();
      await expect
        .poll(() => page.getByText("東京法務局").count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
      await expectAxeClean(page, "requests");
      await screenshot(page, "03-requests");

      // New request, keyboard only: type, Tab, Space and Enter; files through the file chooser.
      await page.getByRole("link", { name: "新規依頼" }).focus();
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: "新規依頼" }).waitFor();
      await page.getByLabel("対象URL（1行に1件、最大100件）").focus();
      await page.keyboard.type(
        "https://x.com/someone/status/1234567890?utm_source=share\nhttps://unknown-forum.example/thread/42",
      );
      await page.getByRole("radio", { name: /侮辱/ }).focus();
      await page.keyboard.press("Space");
      await page.getByLabel("依頼の内容（プラットフォームに伝える説明）").focus();
      await page.keyboard.type("虚偽の事実を示して社会的評価を低下させる投稿です。");
      // The first copy uploads; the second has the same SHA-256 (computed in the browser) and is
      // not sent again.
      const files = page.locator("[data-evidence-state]");
      const states = () =>
        files.evaluateAll((items: { getAttribute(name: string): string | null }[]) =>
          items.map((i) => i.getAttribute("data-evidence-state")),
        );
      const rounds = [
        [1, ["stored"]],
        [2, ["stored", "already"]],
      ] as const;
      for (const [round, expected] of rounds) {
        const chooser = page.waitForEvent("filechooser");
        await page.getByLabel("ファイルを選択").focus();
        await page.keyboard.press("Space");
        await (
          await chooser
        ).setFiles({ name: `evidence-${round}.png`, mimeType: "image/png", buffer: PNG });
        await expect.poll(states, { timeout: 20_000 }).toEqual(expected);
      }
      const id = `sha256:${createHash("sha256").update(PNG).digest("hex")}`;
      expect(
        await pageFetch(page, "/api/evidence/known", {
          method: "POST",
          csrf: true,
          body: { ids: [id] },
        }),
      ).toEqual({ status: 200, body: { known: [id] } });
      const evidenceIds = await page.locator("[data-evidence-state] code").allTextContents();
      expect(evidenceIds[0]).toMatch(/^sha256:[0-9a-f]{12}/);
      expect(evidenceIds[1]).toBe(evidenceIds[0]);
      await expectAxeClean(page, "new request");
      await screenshot(page, "04-new-request");

      // Intake goes away: a readable message, the draft kept, and a retry that submits once.
      await stack.gate.shut();
      await page.getByRole("button", { name: "依頼を送信する" }).focus();
      await page.keyboard.press("Enter");
      const alert = page
        .getByRole("alert")
        .filter({ hasText: "受付システムに一時的に接続できません" });
      await alert.waitFor();
      await expectAxeClean(page, "new request with intake away");
      await screenshot(page, "05-intake-unavailable");
      await page.reload();
      await expect
        .poll(() => page.getByLabel("対象URL（1行に1件、最大100件）").inputValue())
        .toContain("unknown-forum.example");
      await page.getByRole("button", { name: "依頼を送信する" }).focus();
      await page.keyboard.press("Enter");
      await alert.waitFor();
      await stack.gate.open();
      await page.getByRole("button", { name: "再試行" }).last().focus();
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: "依頼の詳細" }).waitFor();
      const requestId = new URL(page.url()).pathname.split("/").pop() ?? "";
      expect(requestId).toMatch(/^req_/);
      await page.getByText("依頼を受け付けました。").waitFor();
      await expect
        .poll(() => page.locator("[data-target-id]").count(), { timeout: 10_000 })
        .toBe(2);
      await expect.poll(() => page.getByText("名誉毀損").count()).toBe(0);
      await page.getByText("侮辱", { exact: true }).waitFor();
      // The file chosen twice is one piece of evidence of the request.
      expect(await page.locator("[data-evidence-count]").getAttribute("data-evidence-count")).toBe(
        "1",
      );
      await expectAxeClean(page, "request detail");
      await screenshot(page, "06-request-detail");

      // The same Idempotency-Key again (a double click, a lost answer) gives the same request.
      const key = `dup-${Date.now()}`;
      const body = {
        targets: [{ url: "https://x.com/other/status/99" }],
        category: "privacy",
        classification: "rights_infringement",
        legalBasis: "pla_art3_2_1",
        requestedAction: "remove",
        description: "d",
        evidence: [],
      };
      const first = await pageFetch(page, "/api/requests", {
        method: "POST",
        csrf: true,
        body,
        idempotencyKey: key,
      });
      const second = await pageFetch(page, "/api/requests", {
        method: "POST",
        csrf: true,
        body,
        idempotencyKey: key,
      });
      expect(first.status).toBe(202);
      expect(second.body.requestId).toBe(first.body.requestId);

      // CSRF: the same call without this session's token is refused.
      const forged = await pageFetch(page, `/api/requests/${requestId}/withdraw`, {
        method: "POST",
        csrf: false,
        body: {},
      });
      expect(forged.status).toBe(403);
      expect(forged.body.code).toBe("PORTAL_CSRF_REFUSED");

      // Another organ's staff gets "not found" for this request, in the page and from the API.
      const otherId = await readyAccount(stack.staff, "organ-b", PASSWORD);
      const other = await (await browser.newContext({ locale: "ja-JP" })).newPage();
      await signIn(other, base, otherId);
      await other.getByRole("heading", { name: "依頼一覧" }).waitFor();
      await other.goto(`${base}/requests/${requestId}`);
      await other.getByRole("alert").filter({ hasText: "見つかりません。" }).waitFor();
      const hidden = await pageFetch(other, `/api/requests/${requestId}`, {
        method: "GET",
        csrf: false,
      });
      expect(hidden.status).toBe(404);
      await other.context().close();

      // Withdraw with a confirmation step.
      await page.getByRole("button", { name: "この依頼を取り下げる" }).focus();
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog", { name: "取り下げの確認" });
      await dialog.waitFor();
      await expectAxeClean(page, "withdraw confirmation");
      await screenshot(page, "07-withdraw-confirm");
      await dialog.getByRole("button", { name: "取り下げる" }).focus();
      await page.keyboard.press("Enter");
      await page.getByText("依頼を取り下げました。").waitFor();
      await expect
        .poll(
          async () => {
            await page.reload();
            await page.locator("[data-target-id]").first().waitFor();
            return page.locator('[data-state="withdrawn"]').count();
          },
          { timeout: 30_000 },
        )
        .toBe(2);
      await screenshot(page, "08-withdrawn");

      // English is one switch away, and as clean.
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { name: "Request" }).waitFor();
      await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
      await expectAxeClean(page, "request detail in English");
    },
  );

  test(
    "lock-out after failed sign-ins and a session that ends when idle",
    { timeout: 120_000 },
    async ({ stack, context }) => {
      const base = stack.portal.url();
      const accountId = await readyAccount(stack.staff, "organ-a", PASSWORD);
      const page = await context.newPage();
      for (let attempt = 1; attempt <= 2; attempt++) {
        await signIn(page, base, accountId, "wrong password!");
        await page
          .getByRole("alert")
          .filter({ hasText: "アカウントIDまたはパスワードが正しくありません" })
          .waitFor();
      }
      await signIn(page, base, accountId, "wrong password!");
      await page
        .getByRole("alert")
        .filter({ hasText: "アカウントを一時的にロックしました" })
        .waitFor();
      await expectAxeClean(page, "locked sign-in");
      await screenshot(page, "09-locked");
      // Locked: even the right password is refused until the lock ends.
      await signIn(page, base, accountId);
      await page.getByRole("alert").filter({ hasText: "ロック" }).waitFor();
      stack.clock.skewMs += 16 * 60_000;
      await signIn(page, base, accountId);
      await page.getByRole("heading", { name: "依頼一覧" }).waitFor();

      // Idle past the limit: the next page load is the sign-in page, saying why.
      stack.clock.skewMs += IDLE_MS + 1_000;
      await page.reload();
      await page.getByRole("heading", { name: "ログイン" }).waitFor();
      await page.getByText("一定時間操作がなかったため、ログアウトしました").waitFor();
      await expectAxeClean(page, "expired session");
      await screenshot(page, "10-session-expired");
      const call = await pageFetch(page, "/api/requests", { method: "GET", csrf: false });
      expect(call.status).toBe(401);
    },
  );
});
