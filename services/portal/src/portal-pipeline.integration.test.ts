import { afterAll, beforeAll, describe, expect } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { awaitCondition, integrationTest } from "@takedown/test-kit";
import { axeViolations, launchChromium, screenshot } from "./browser.test-support.js";
import { startPipelineStack, type PipelineStack } from "./portal-pipeline.test-support.js";
import { readyAccount } from "./portal-stack.test-support.js";

const PASSWORD = "correct horse battery staple";
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from(`archived copy of the post ${Date.now()}`),
]);
const QUESTION = "Please send an archived copy of the post.";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const test = integrationTest.extend<{ stack: PipelineStack; context: BrowserContext }>({
  stack: async ({ infra, kafka, s3, bucket, uniqueId, createTopic }, use) => {
    const stack = await startPipelineStack({
      infra,
      kafka,
      s3,
      bucket,
      uniqueId,
      createTopic,
      sessionIdleMs: 30 * 60_000,
    });
    await use(stack);
    await stack.stop();
  },
  // eslint-disable-next-line no-empty-pattern -- vitest reads the fixture's dependencies from this pattern
  context: async ({}, use) => {
    // A browser far from Japan: every time on the page must still be JST.
    const context = await browser.newContext({ locale: "ja-JP", timezoneId: "America/New_York" });
    await use(context);
    await context.close();
  },
});

async function expectAxeClean(page: Page, what: string): Promise<void> {
  expect(await axeViolations(page), `axe on ${what}`).toEqual([]);
}

/** An organ's own client on intake's HTTP API (not the portal), with that organ's key. */
async function intakeCall(
  stack: PipelineStack,
  organ: "organ-a" | "organ-b",
  path: string,
  body?: unknown,
) {
  const response = await fetch(`${stack.intake.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: {
      authorization: `Bearer ${stack.intake.keyOf(organ)}`,
      ...(body !== undefined && { "content-type": "application/json" }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function requestBody(urls: string[]) {
  return {
    targets: urls.map((url) => ({ url })),
    category: "defamation",
    classification: "rights_infringement",
    legalBasis: "pla_art3_2_1",
    requestedAction: "remove",
    description: "虚偽の事実を示す投稿です。",
    evidence: [],
  };
}

/** The target's section on the detail page, reloaded until `ready` holds. */
async function untilShown(page: Page, what: string, ready: () => Promise<boolean>) {
  await expect
    .poll(
      async () => {
        await page.reload();
        await page.locator("[data-target-id]").first().waitFor();
        return ready();
      },
      { timeout: 90_000, message: what },
    )
    .toBe(true);
}

const target = (page: Page, n: number) => page.locator(`[data-target-id$="#${n}"]`);
const steps = (page: Page, n: number) =>
  target(page, n)
    .locator("[data-step]")
    .evaluateAll((items: { getAttribute(name: string): string | null }[]) =>
      items.map((i) => `${i.getAttribute("data-step")}:${i.getAttribute("data-step-state") ?? ""}`),
    );

describe("portal in Chromium on the whole pipeline", () => {
  test(
    "merge with another organ's case, a platform's question answered, the removal, a withdrawal; organ B cannot see it",
    { timeout: 420_000 },
    async ({ stack, context }) => {
      const base = stack.portal.url();
      const { host } = stack;

      // Organ B, through intake's API with its own key, opened the case for /posts/1 first.
      const fromB = await intakeCall(
        stack,
        "organ-b",
        "/v1/requests",
        requestBody([`https://${host}/posts/1`]),
      );
      expect(fromB.status, JSON.stringify(fromB.body)).toBe(202);
      const requestB = String(fromB.body.requestId);
      await expect
        .poll(
          async () => {
            const got = await intakeCall(stack, "organ-b", `/v1/requests/${requestB}`);
            return (got.body.targets as { caseState?: string }[] | undefined)?.[0]?.caseState;
          },
          { timeout: 90_000, message: "organ B's case notified" },
        )
        .toBe("notified");

      // A staff member of organ A signs in with the keyboard.
      const accountId = await readyAccount(stack.staff, "organ-a", PASSWORD);
      const page = await context.newPage();
      await page.goto(`${base}/sign-in`);
      await page.getByLabel("アカウントID（stf_ で始まる）").focus();
      await page.keyboard.type(accountId);
      await page.keyboard.press("Tab");
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: "依頼一覧" }).waitFor();

      // Two URLs: the preview says the first joins an open case (never whose), the second is new.
      await page.getByRole("link", { name: "新規依頼" }).focus();
      await page.keyboard.press("Enter");
      await page.getByLabel("対象URL（1行に1件、最大100件）").focus();
      await page.keyboard.type(`https://${host}/posts/1?utm_source=share\nhttps://${host}/posts/2`);
      await page.getByRole("button", { name: "確認" }).focus();
      await page.keyboard.press("Enter");
      const caseOpen = page.locator("[data-case-open]");
      await expect
        .poll(() =>
          caseOpen.evaluateAll((c: { getAttribute(n: string): string | null }[]) =>
            c.map((x) => x.getAttribute("data-case-open")),
          ),
        )
        .toEqual(["true", "false"]);
      expect(await page.locator("table").textContent()).not.toContain("organ-b");
      await page.getByLabel("依頼の内容（プラットフォームに伝える説明）").focus();
      await page.keyboard.type("虚偽の事実を示して社会的評価を低下させる投稿です。");
      const chooser = page.waitForEvent("filechooser");
      await page.getByLabel("ファイルを選択").focus();
      await page.keyboard.press("Space");
      await (await chooser).setFiles({ name: "post.png", mimeType: "image/png", buffer: PNG });
      await expect.poll(() => page.locator('[data-evidence-state="stored"]').count()).toBe(1);
      await expectAxeClean(page, "new request with preview");
      await screenshot(page, "pipeline-01-new-request");
      await page.getByRole("button", { name: "依頼を送信する" }).focus();
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: "依頼の詳細" }).waitFor();
      const requestA = new URL(page.url()).pathname.split("/").pop() ?? "";
      expect(requestA).toMatch(/^req_/);

      // The timeline: #1 merged into B's case (whose earlier steps it does not show), #2 opened
      // and notified, each with a JST time and the answer deadline with time left.
      await untilShown(page, "merge and notices on the timeline", async () => {
        const [one, two] = [await steps(page, 1), await steps(page, 2)];
        return (
          one.includes("case_merged:") &&
          one.some((s) => s.startsWith("notice_revised")) &&
          two.includes("case_opened:") &&
          two.includes("notice_issued:")
        );
      });
      expect((await steps(page, 1))[0]).toBe("submitted:");
      expect(await steps(page, 1)).not.toContain("case_opened:");
      expect(await steps(page, 1)).not.toContain("notice_issued:");
      expect(await target(page, 2).locator("[data-deadline]").textContent()).toMatch(
        /JST （残り [12]日\d+時間）/,
      );
      expect(await target(page, 2).locator("time").first().textContent()).toContain("JST");
      await expectAxeClean(page, "request detail with merge");
      await screenshot(page, "pipeline-02-detail-merged");

      // The platform asks for more about #2's case, through its own client.
      const caseOf = async (n: number) =>
        (
          (await intakeCall(stack, "organ-a", `/v1/requests/${requestA}`)).body.targets as {
            caseId?: string;
          }[]
        )[n - 1]?.caseId ?? "";
      // Intake reuses a request's status for up to a second (organs poll), while the history
      // the page showed is read afresh: the case ids can lag the timeline by that second.
      const [caseOne, caseTwo] = await awaitCondition(
        async () => {
          const ids: [string, string] = [await caseOf(1), await caseOf(2)];
          return ids.every((id) => id.startsWith("case_")) ? ids : undefined;
        },
        { timeoutMs: 10_000, what: "both targets' cases in the request's status" },
      );
      expect(caseTwo).toMatch(/^case_/);
      expect(caseOne).not.toBe(caseTwo);
      await stack.respond(caseTwo, "needs_info", QUESTION);
      await untilShown(
        page,
        "the platform's question",
        async () => (await target(page, 2).locator('[data-state="needs_info"]').count()) === 1,
      );
      await target(page, 2).getByText(QUESTION).first().waitFor();
      expect(await steps(page, 2)).toContain("state_changed:needs_info");
      await expectAxeClean(page, "question to answer");
      await screenshot(page, "pipeline-03-needs-info");

      // The organ answers with text and a file, keyboard only.
      const form = target(page, 2);
      await form.getByLabel("回答", { exact: true }).focus();
      await page.keyboard.type("投稿のアーカイブを添付します。");
      const answerChooser = page.waitForEvent("filechooser");
      await form.getByLabel("ファイルを選択").focus();
      await page.keyboard.press("Space");
      await (
        await answerChooser
      ).setFiles({
        name: "archive.png",
        mimeType: "image/png",
        buffer: Buffer.concat([PNG, Buffer.from(" archive")]),
      });
      await expect.poll(() => form.locator('[data-evidence-state="stored"]').count()).toBe(1);
      await form.getByRole("button", { name: "回答を送信する" }).focus();
      await page.keyboard.press("Enter");
      await page.getByText("回答を送信しました").waitFor();
      await untilShown(page, "the case notified again after the answer", async () => {
        const two = await steps(page, 2);
        return (
          (await target(page, 2).locator('[data-state="notified"]').count()) === 1 &&
          two.includes("state_changed:notified")
        );
      });
      await target(page, 2).getByText("追加情報を送付").first().waitFor();

      // The platform removes it: the detail shows the removal, the answer and its reason.
      await stack.respond(caseTwo, "removed");
      await untilShown(
        page,
        "the removal",
        async () => (await target(page, 2).locator('[data-state="removed"]').count()) === 1,
      );
      expect(
        await target(page, 2)
          .locator("[data-response-action]")
          .getAttribute("data-response-action"),
      ).toBe("removed");
      await target(page, 2).getByText("違法な内容と判断").first().waitFor();
      expect(await steps(page, 2)).toContain("state_changed:removed");
      // Nothing is owed any more: no deadline on the removed target.
      expect(await target(page, 2).locator("[data-deadline]").count()).toBe(0);
      await expectAxeClean(page, "request detail after the removal");
      await screenshot(page, "pipeline-04-removed");

      // Organ B's staff: organ A's request and its history are "not found".
      const otherId = await readyAccount(stack.staff, "organ-b", PASSWORD);
      const otherContext = await browser.newContext({ locale: "ja-JP" });
      const other = await otherContext.newPage();
      await other.goto(`${base}/sign-in`);
      await other.getByLabel("アカウントID（stf_ で始まる）").fill(otherId);
      await other.getByLabel("パスワード", { exact: true }).fill(PASSWORD);
      await other.getByLabel("パスワード", { exact: true }).press("Enter");
      await other.getByRole("heading", { name: "依頼一覧" }).waitFor();
      await other.goto(`${base}/requests/${requestA}`);
      await other.getByRole("alert").filter({ hasText: "見つかりません。" }).waitFor();
      const statuses = await other.evaluate(async (id) => {
        const codes: number[] = [];
        for (const path of [`/api/requests/${id}`, `/api/requests/${id}/history`])
          codes.push((await fetch(path)).status);
        return codes;
      }, requestA);
      expect(statuses).toEqual([404, 404]);
      expect((await intakeCall(stack, "organ-b", `/v1/requests/${requestA}/history`)).status).toBe(
        404,
      );
      await otherContext.close();

      // Another request of organ A, withdrawn with a confirmation step.
      const second = await intakeCall(
        stack,
        "organ-a",
        "/v1/requests",
        requestBody([`https://${host}/posts/3`]),
      );
      expect(second.status).toBe(202);
      await page.goto(`${base}/requests/${String(second.body.requestId)}`);
      await untilShown(page, "the second request's notice", async () =>
        (await steps(page, 1)).includes("notice_issued:"),
      );
      await page.getByRole("button", { name: "この依頼を取り下げる" }).focus();
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog", { name: "取り下げの確認" });
      await dialog.waitFor();
      await expectAxeClean(page, "withdraw confirmation");
      await dialog.getByRole("button", { name: "取り下げる" }).focus();
      await page.keyboard.press("Enter");
      await page.getByText("依頼を取り下げました。").waitFor();
      await untilShown(page, "the withdrawal on the timeline", async () => {
        const one = await steps(page, 1);
        return one.includes("withdrawn:") && one.includes("case_withdrawn:");
      });
      await expectAxeClean(page, "withdrawn request");
      await screenshot(page, "pipeline-05-withdrawn");

      // The list shows both requests of organ A with their states.
      await page.getByRole("link", { name: "依頼一覧" }).click();
      await page.getByRole("heading", { name: "依頼一覧" }).waitFor();
      await expect.poll(() => page.locator(`a[href$="${requestA}"]`).count()).toBeGreaterThan(0);
      await expectAxeClean(page, "requests list");
      await screenshot(page, "pipeline-06-requests");
    },
  );
});
