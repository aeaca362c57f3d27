import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { runAuditCli, type TransparencyReport } from "@takedown/audit-tools";
import { sampleEvents } from "@takedown/contracts/fixtures";
import { integrationTest, scenarioRecords } from "@takedown/test-kit";
import {
  AUDIT_ORIGIN,
  readyAuditor,
  startAuditStack,
  type AuditStack,
} from "./audit-stack.test-support.js";
import { axeViolations, launchChromium, screenshot } from "./browser.test-support.js";

const PASSWORD = "correct horse battery staple";
const JUNE = { from: "2025-06-01", to: "2025-07-01" };

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const test = integrationTest.extend<{ stack: AuditStack; context: BrowserContext }>({
  stack: async ({ kafka, s3, bucket, uniqueId, createTopic }, use) => {
    const stack = await startAuditStack({ kafka, s3, bucket, uniqueId, createTopic });
    await use(stack);
    await stack.stop();
  },
  // eslint-disable-next-line no-empty-pattern -- vitest reads the fixture's dependencies from this pattern
  context: async ({}, use) => {
    const context = await browser.newContext({
      locale: "ja-JP",
      timezoneId: "Europe/London",
      viewport: { width: 1280, height: 900 },
    });
    await use(context);
    await context.close();
  },
});

async function expectAxeClean(page: Page, what: string): Promise<void> {
  expect(await axeViolations(page), `axe on ${what}`).toEqual([]);
}

/** Keyboard only: Tab between fields, Enter submits. */
async function signIn(page: Page, base: string, accountId: string) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("アカウントID（stf_ で始まる）").focus();
  await page.keyboard.type(accountId);
  await page.keyboard.press("Tab");
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
}

/** Follows a link of the page with the keyboard. */
async function follow(page: Page, name: string) {
  await page.getByRole("link", { name, exact: true }).first().focus();
  await page.keyboard.press("Enter");
}

const status = async (page: Page, path: string) =>
  page.evaluate(async (path) => (await fetch(path)).status, path);

interface Cell {
  getAttribute(name: string): string | null;
  textContent: string | null;
  querySelectorAll(selector: string): ArrayLike<Cell>;
}

/** The report table's figures of one dimension, as the DOM holds them (data attributes). */
async function tableOf(page: Page, dimension: string) {
  return page
    .locator(`[data-dimension="${dimension}"] tr[data-row-key]`)
    .evaluateAll((rows: Cell[]) =>
      rows.map((row) => ({
        key: row.getAttribute("data-row-key"),
        figures: Object.fromEntries(
          Array.from(row.querySelectorAll("[data-figure]")).map((cell): [string, string] => [
            cell.getAttribute("data-figure") ?? "",
            cell.getAttribute("data-value") ?? cell.textContent ?? "",
          ]),
        ),
      })),
    );
}

/** The same figures from `takedown audit report`'s rows, as the page should show them. */
function expectedTable(report: TransparencyReport, dimension: string) {
  return report.rows
    .filter((row) => row.dimension === dimension)
    .map((row) => ({
      key: row.key,
      figures: {
        requests: String(row.requests),
        cases: String(row.cases),
        removalRate: String(row.outcomeShares.removed),
        restrictionRate: String(row.outcomeShares.restricted),
        declinedRate: String(row.outcomeShares.declined),
        p50Seconds: String(row.timeToAction.p50Seconds ?? ""),
        p90Seconds: String(row.timeToAction.p90Seconds ?? ""),
        deadlineBreaches: String(row.deadlineBreaches),
        escalations: String(row.outcomes.escalated),
      },
    }));
}

describe("auditors and the public in the portal, against the real audit service", () => {
  // A whole journey in a real browser, on the real broker and S3, on a shared two-core machine.
  test(
    "an auditor verifies the log, proves a case, reads the report charts; the log grows; tampering is caught; the public page names no one",
    { timeout: 300_000 },
    async ({ stack, context, infra, bucket, uniqueId }) => {
      const startedAt = Date.now();
      const base = stack.portal.url();
      const records = scenarioRecords(uniqueId);
      await stack.send(records);
      const firstSize = await stack.logged(records.length);

      // The auditor signs in (keyboard only) and lands on the log status: verified here.
      const auditorId = await readyAuditor(stack.staff, PASSWORD);
      const page = await context.newPage();
      await signIn(page, base, auditorId);
      await page.getByRole("heading", { name: "監査ログの状態" }).waitFor();
      await page.locator('[data-checkpoint="verified"]').waitFor({ timeout: 30_000 });
      expect(await page.locator("[data-tree-size]").getAttribute("data-tree-size")).toBe(
        firstSize.toString(),
      );
      await expect
        .poll(() =>
          page
            .locator("[data-claim]")
            .evaluateAll((l: Cell[]) => l.map((c) => c.getAttribute("data-claim"))),
        )
        .toEqual(["checkpoint-signature", "checkpoint-origin", "leaf-hash", "inclusion"]);
      expect(await page.locator("[data-consistency]").getAttribute("data-consistency")).toBe(
        "first-visit",
      );
      const latest = Date.parse(
        (await page.locator("[data-latest-entry]").getAttribute("data-latest-entry")) ?? "",
      );
      expect(latest).toBeGreaterThanOrEqual(startedAt - 1000);
      expect(latest).toBeLessThanOrEqual(Date.now());
      await page.getByText(AUDIT_ORIGIN, { exact: true }).first().waitFor();
      await expectAxeClean(page, "log status");
      await screenshot(page, "audit-01-log-status");

      // Read-only and separate: no staff route for an auditor, no audit route without sign-in.
      expect(await status(page, "/api/requests")).toBe(403);
      const anonymous = await browser.newContext();
      const anonymousPage = await anonymous.newPage();
      await anonymousPage.goto(`${base}/sign-in`);
      expect(await status(anonymousPage, "/api/audit/lookup?index=0")).toBe(401);
      await anonymous.close();

      // Look up a case: each of its entries, its inclusion proof verified in the browser.
      const caseId = records[0]?.caseId ?? "";
      const caseEvents = records.filter((r) => r.caseId === caseId).map((r) => r.eventId);
      await follow(page, "検索と証明");
      await page.getByRole("heading", { name: "エントリの検索と包含証明" }).waitFor();
      await page.getByLabel("検索方法").selectOption("caseId");
      await page.getByLabel("検索する値").focus();
      await page.keyboard.type(caseId);
      await page.keyboard.press("Enter");
      const entries = page.locator("[data-inclusion]");
      await expect.poll(() => entries.count(), { timeout: 30_000 }).toBe(caseEvents.length);
      expect(
        await entries.evaluateAll((l: Cell[]) => l.map((e) => e.getAttribute("data-inclusion"))),
      ).toEqual(caseEvents.map(() => "verified"));
      const leaves = await page.locator("pre.leaf").allTextContents();
      for (const eventId of caseEvents)
        expect(leaves.some((leaf) => leaf.includes(`"id":"${eventId}"`))).toBe(true);
      await page.locator("details summary").first().click();
      await expectAxeClean(page, "look-up");
      await screenshot(page, "audit-02-lookup");

      // The report for June 2025: the page's figures are the CLI's (one source of truth).
      const configDir = await mkdtemp(join(tmpdir(), "portal-audit-config-"));
      const outDir = await mkdtemp(join(tmpdir(), "portal-audit-report-"));
      const organ = (id: string, kind: string) =>
        `  - id: ${id}\n    names: { ja: "${id}", en: "${id}" }\n    kind: ${kind}\n`;
      await writeFile(
        join(configDir, "organs.yaml"),
        `organs:\n${organ("moj-tokyo", "legal_affairs_bureau")}${organ("moj-osaka", "consultation_centre")}`,
      );
      let cli: TransparencyReport;
      try {
        const code = await runAuditCli(
          [
            "report",
            ...["--from", `${JUNE.from}T00:00:00Z`, "--to", `${JUNE.to}T00:00:00Z`],
            ...["--out", outDir, "--verifier-key", stack.verifierKey],
          ],
          {
            env: {
              S3_ENDPOINT: infra.s3.endpoint,
              S3_REGION: infra.s3.region,
              S3_ACCESS_KEY_ID: infra.s3.accessKeyId,
              S3_SECRET_ACCESS_KEY: infra.s3.secretAccessKey,
              S3_BUCKET_AUDIT: bucket,
              AUDIT_ORIGIN,
              TAKEDOWN_CONFIG_DIR: configDir,
            },
            out: () => undefined,
            err: () => undefined,
          },
        );
        expect(code).toBe(0);
        cli = JSON.parse(
          await readFile(join(outDir, "transparency-report.json"), "utf8"),
        ) as TransparencyReport;
      } finally {
        await rm(outDir, { recursive: true, force: true });
        await rm(configDir, { recursive: true, force: true });
      }
      await follow(page, "透明性レポート");
      await page.getByRole("heading", { name: "透明性レポート", level: 1 }).waitFor();
      await page.getByLabel("期間の開始日").fill(JUNE.from);
      await page.getByLabel("期間の終了日（この日を含まない）").fill(JUNE.to);
      await page.getByRole("button", { name: "表示する" }).focus();
      await page.keyboard.press("Enter");
      await page.locator("[data-total-cases]").waitFor({ timeout: 30_000 });
      expect(await page.locator("[data-total-cases]").getAttribute("data-total-cases")).toBe("9");
      // The scenario: x has 7 cases of 8 requests, 5 removed after 1–5 h, 1 declined, 1 escalated.
      const platforms = await tableOf(page, "platform");
      expect(platforms.find((row) => row.key === "x")?.figures).toMatchObject({
        cases: "7",
        requests: "8",
        // Shares as the report rounds them (4 places): 5/7 and 1/7.
        removalRate: "0.7143",
        declinedRate: "0.1429",
        p50Seconds: String(3 * 3600),
        p90Seconds: String(5 * 3600),
        deadlineBreaches: "1",
        escalations: "1",
      });
      for (const dimension of ["platform", "category", "classification", "organKind"]) {
        const expected = expectedTable(cli, dimension);
        expect(expected.length, dimension).toBeGreaterThan(0);
        expect(await tableOf(page, dimension), dimension).toEqual(expected);
      }
      expect(await page.locator("canvas[role=img]").count()).toBe(12);
      // Downloads: the JSON is the CLI's report, the CSV its table.
      const download = async (format: string) =>
        page.evaluate(
          async (href) => {
            const response = await fetch(href);
            return {
              type: response.headers.get("content-type") ?? "",
              disposition: response.headers.get("content-disposition") ?? "",
              text: await response.text(),
            };
          },
          (await page
            .getByRole("link", { name: `${format}をダウンロード` })
            .getAttribute("href")) ?? "",
        );
      const json = await download("JSON");
      expect(json.disposition).toContain("attachment");
      expect(JSON.parse(json.text)).toEqual(cli);
      const csv = await download("CSV");
      expect(csv.type).toContain("text/csv");
      expect(csv.text.split("\r\n")[0]).toMatch(/^dimension,key,cases,requests,/);
      await expectAxeClean(page, "report");
      await screenshot(page, "audit-03-report");
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { name: "Transparency report", level: 1 }).waitFor();
      await expectAxeClean(page, "report in English");
      await page.getByRole("button", { name: "日本語" }).click();

      // The public page, without sign-in: aggregates per platform and month, and no one named.
      const visitor = await browser.newContext({ locale: "ja-JP" });
      const publicPage = await visitor.newPage();
      await publicPage.goto(`${base}/transparency`);
      await publicPage.getByRole("heading", { name: "透明性レポート（公開）" }).waitFor();
      await publicPage.getByLabel("開始月").fill("2025-05");
      await publicPage.getByLabel("終了月").fill("2025-06");
      await publicPage.getByRole("button", { name: "表示する" }).click();
      const juneX = publicPage.locator('[data-month="2025-06"][data-platform="x"]');
      await expect
        .poll(() => juneX.locator('[data-figure="cases"]').textContent(), { timeout: 30_000 })
        .toBe("7");
      expect(await juneX.locator('[data-figure="requests"]').textContent()).toBe("8");
      await publicPage
        .locator('[data-month="2025-06"][data-platform="y"] [data-suppressed]')
        .waitFor();
      await publicPage.locator('[data-checkpoint="verified"]').waitFor({ timeout: 30_000 });
      await publicPage
        .locator("[data-verifier-key]")
        .filter({ hasText: stack.verifierKey })
        .waitFor();
      await publicPage
        .getByText("takedown audit verify --verifier-key", { exact: false })
        .waitFor();
      const publicHtml = await publicPage.content();
      const member = sampleEvents["case.opened"].data.member;
      const forbidden = [
        uniqueId,
        "case_",
        "req_",
        "https://",
        ".example/",
        "moj-",
        ...records.flatMap((r) => [r.caseId, r.eventId]),
        member.dossier?.dossierId ?? "dos_",
      ];
      for (const text of forbidden) expect(publicHtml, text).not.toContain(text);
      await expectAxeClean(publicPage, "public transparency");
      await screenshot(publicPage, "audit-04-public-transparency");
      await visitor.close();

      // The log grows: the checkpoint this browser kept extends to the new one.
      const more = scenarioRecords(`${uniqueId}b`).slice(0, 6);
      await stack.send(more);
      const grownSize = await stack.logged(records.length + more.length);
      await follow(page, "ログの状態");
      await page.locator('[data-consistency="ok"]').waitFor({ timeout: 30_000 });
      expect(await page.locator("[data-previous-size]").getAttribute("data-previous-size")).toBe(
        firstSize.toString(),
      );
      expect(await page.locator("[data-tree-size]").getAttribute("data-tree-size")).toBe(
        grownSize.toString(),
      );
      await page.locator('[data-claim="consistency"]').waitFor();
      await screenshot(page, "audit-05-consistent");

      // A checkpoint edited after signing: the signature check fails, loudly.
      stack.double.tampering = "bad-signature";
      await page.reload();
      const rejected = page
        .getByRole("alert")
        .filter({ hasText: "チェックポイントの検証に失敗しました" });
      await rejected.waitFor({ timeout: 30_000 });
      expect(await page.locator('[data-checkpoint="verified"]').count()).toBe(0);
      await expectAxeClean(page, "tampered checkpoint");
      await screenshot(page, "audit-06-tampered-checkpoint");

      // A forked tree signed with the log's own key: only consistency catches it, and the
      // browser keeps the checkpoint it trusted.
      stack.double.tampering = "fork";
      await page.reload();
      await page.locator('[data-consistency="failed"]').waitFor({ timeout: 30_000 });
      await page
        .getByRole("alert")
        .filter({ hasText: "ログが分岐または改ざんされた可能性があります" })
        .waitFor();
      await expectAxeClean(page, "forked log");
      await screenshot(page, "audit-07-forked-log");
      stack.double.tampering = "none";
      await page.reload();
      await page.locator('[data-consistency="same"]').waitFor({ timeout: 30_000 });
    },
  );
});
