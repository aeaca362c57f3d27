import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import {
  createEvent,
  decodeEvent,
  encodeEvent,
  noticesTopic,
  responsesTopic,
  topics,
  type AnyTakedownEvent,
  type TakedownEvent,
} from "@takedown/contracts";
import { bareClientOf, type BareKafka } from "@takedown/kafka/bare-client";
import { awaitCondition } from "@takedown/test-kit";
import { describe, expect, it } from "vitest";
import { archivedTreeSize, runAuditVerify } from "./audit-verification.js";
import { evidenceBytes } from "./intake-client.js";
import { PipelineUnderTest } from "./pipeline-under-test.js";
import { leaks } from "./raw-byte-scan.test-support.js";

const repo = fileURLToPath(new URL("../../..", import.meta.url));
const RETENTION_MS = 15_000;

/** One canary's personal data: each string unique to this run and this request. */
function canaryOf(tag: string, n: number) {
  return {
    victim: `山田消去${n}${tag}`,
    email: `erase${n}-${tag}@example.go.jp`,
    description: `消去説明${n}${tag}：虚偽の投稿`,
    note: `消去備考${n}${tag}`,
    legalBasisText: `消去法的根拠${n}${tag}`,
    evidence: `ERASE-EVIDENCE-${n}-${tag}`,
  };
}
type Canary = ReturnType<typeof canaryOf>;

/**
 * Issue 13 §3–§5: an organ erases its request (another organ cannot), retention erases a closed
 * one, evidence shared with a live request stays; then the platform's links answer 404, the
 * status shows `erased`, the log and report still verify and count, and a scan of every raw
 * byte written (broker logs, S3 files, service logs) finds none of the erased canaries.
 */
describe("erasure on request and by retention", () => {
  it("deletes every copy of the personal data and keeps the proofs", async () => {
    const tag = randomBytes(6).toString("hex");
    const pipeline = await PipelineUnderTest.start({
      repo,
      purpose: `privacy-erasure-${tag}`,
      brokers: 1,
      print: () => undefined,
      env: {
        RETENTION_AFTER_CLOSE: String(RETENTION_MS),
        ERASURE_SWEEP_INTERVAL_MS: "500",
        INTAKE_PUBLISH_TIMEOUT_MS: "30000",
      },
    });
    let consumer: ReturnType<BareKafka["consumer"]> | undefined;
    try {
      const intake = pipeline.services.intakeUrl;
      const [keyA, keyB] = Object.values(pipeline.apiKeys);
      const once = (key: string | undefined, path: string, body?: unknown, type?: string) =>
        fetch(`${intake}${path}`, {
          method: body === undefined ? "GET" : "POST",
          headers: {
            authorization: `Bearer ${key ?? ""}`,
            "content-type": type ?? "application/json",
            "takedown-actor": `stf_${tag}`,
          },
          ...(body !== undefined && {
            body: typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body),
          }),
        });
      // A 503 (status service slow on a loaded machine) says "retry", as a client would.
      const call = (key: string | undefined, path: string, body?: unknown, type?: string) =>
        awaitCondition(
          async () => {
            const answer = await once(key, path, body, type);
            return answer.status === 503 ? undefined : answer;
          },
          { what: `${path} answered without 503`, timeoutMs: 60_000, intervalMs: 1000 },
        );
      const upload = async (bytes: Buffer) => {
        const answer = await call(keyA, "/v1/evidence", bytes, "image/png");
        expect(answer.status).toBe(201);
        return ((await answer.json()) as { evidenceId: string }).evidenceId;
      };
      const submit = async (n: number, canary: Canary, evidence: string[]) => {
        const answer = await call(keyA, "/v1/requests", {
          targets: [{ url: `https://x.com/erase_${tag}/status/${n}`, note: canary.note }],
          category: "defamation",
          classification: "rights_infringement",
          legalBasis: "other",
          legalBasisText: canary.legalBasisText,
          requestedAction: "remove",
          description: canary.description,
          evidence,
          contact: { name: "担当 花子", email: canary.email },
          victim: { name: canary.victim },
        });
        expect(answer.status, await answer.clone().text()).toBe(202);
        return ((await answer.json()) as { requestId: string }).requestId;
      };
      const erased = canaryOf(tag, 1);
      const retained = canaryOf(tag, 3);
      const live = canaryOf(tag, 2);
      const own1 = Buffer.concat([evidenceBytes(`${tag}-1`), Buffer.from(erased.evidence)]);
      const own3 = Buffer.concat([evidenceBytes(`${tag}-3`), Buffer.from(retained.evidence)]);
      const shared = evidenceBytes(`${tag}-shared`);
      const [e1, e3, eShared] = [await upload(own1), await upload(own3), await upload(shared)];
      const r1 = await submit(1, erased, [e1, eShared]);
      const r2 = await submit(2, live, [eShared]);
      const r3 = await submit(3, retained, [e3]);

      const seen: AnyTakedownEvent[] = [];
      consumer = bareClientOf(pipeline.kafka).consumer({
        groupId: `erasure-${tag}`,
        readUncommitted: false,
      });
      await consumer.connect();
      await consumer.subscribe({
        topics: [noticesTopic("x"), topics.auditLog],
        fromBeginning: true,
      });
      await consumer.run({
        eachMessage: ({ message }) => {
          const decoded = decodeEvent(message);
          if (decoded.ok) seen.push(decoded.event);
          return Promise.resolve();
        },
      });
      const noticeOf = (requestId: string) =>
        awaitCondition(
          () =>
            seen.find(
              (e): e is TakedownEvent<"notice.issued"> =>
                e.type === "notice.issued" && e.data.requests[0]?.requestId === requestId,
            ),
          { what: `the notice of ${requestId}`, timeoutMs: 180_000 },
        );
      const [n1, n2, n3] = [await noticeOf(r1), await noticeOf(r2), await noticeOf(r3)];
      const link = (notice: TakedownEvent<"notice.issued">, evidenceId: string) =>
        notice.data.evidence.find((e) => e.evidenceId === evidenceId)?.downloadUrl ?? "";
      const status = async (url: string) => (await fetch(url)).status;
      const details1 = n1.data.requests[0]?.details?.downloadUrl ?? "";
      expect(await status(details1)).toBe(200);
      expect(await status(link(n1, e1))).toBe(200);
      const report = async () => {
        const answer = await fetch(
          `${pipeline.services.auditUrl}/v1/report?from=2000-01-01&to=2100-01-01`,
          { headers: { authorization: `Bearer ${pipeline.auditorKey}` } },
        );
        return ((await answer.json()) as { cases: number }).cases;
      };
      const casesBefore = await awaitCondition(
        async () => {
          const cases = await report();
          return cases >= 3 ? cases : undefined;
        },
        { what: "the three cases in the report", timeoutMs: 120_000 },
      );

      // Another organ may not erase it, nor learn that it exists.
      const refused = await call(keyB, `/v1/requests/${r1}/erase`, {});
      expect(refused.status, await refused.clone().text()).toBe(404);
      expect(refused.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      // A free-text reason is refused: it would stay in the audit log for ever.
      expect((await call(keyA, `/v1/requests/${r1}/erase`, { reason: erased.victim })).status).toBe(
        400,
      );
      const erase = await call(keyA, `/v1/requests/${r1}/erase`, {
        reason: "data_subject_request",
      });
      expect(erase.status, await erase.clone().text()).toBe(202);
      // The dossier (what the platform's details link shows) is gone before the answer.
      expect(await status(details1)).toBe(404);
      expect((await call(keyA, `/v1/requests/${r1}/erase`, {})).status).toBe(202);
      const shown = (await (await call(keyA, `/v1/requests/${r1}`)).json()) as {
        erased: boolean;
        targets: { erasedAt?: string }[];
      };
      expect(shown.erased).toBe(true);
      expect(shown.targets[0]?.erasedAt).toBeDefined();
      // Within the sweep: its own evidence goes, the evidence a live request shares stays.
      await awaitCondition(async () => (await status(link(n1, e1))) === 404, {
        what: "the erased request's own evidence deleted",
        timeoutMs: 60_000,
      });
      expect(await status(link(n2, eShared))).toBe(200);
      expect(await status(n2.data.requests[0]?.details?.downloadUrl ?? "")).toBe(200);

      // Retention: the platform closes r3's case; RETENTION_MS later its data goes by itself.
      const producer = pipeline.kafka.producer();
      await producer.connect();
      const record = encodeEvent(
        createEvent(
          "response.submitted",
          {
            caseId: n3.data.caseId,
            contentKey: n3.data.contentKey,
            platformId: "x",
            noticeRevision: 1,
            action: "removed",
            reasonCode: "illegal_content",
            actedAt: new Date().toISOString(),
          },
          { source: "/platforms/x" },
        ),
      );
      await producer.send({ topic: responsesTopic("x"), messages: [record] });
      await producer.disconnect();
      await awaitCondition(async () => (await status(link(n3, e3))) === 404, {
        what: "retention deleting the closed request's evidence",
        timeoutMs: 120_000,
      });
      expect(await status(n3.data.requests[0]?.details?.downloadUrl ?? "")).toBe(404);
      const r3Shown = (await (await call(keyA, `/v1/requests/${r3}`)).json()) as {
        erased: boolean;
      };
      expect(r3Shown.erased).toBe(true);
      // r2's case is still open: retention never touches it.
      expect(
        ((await (await call(keyA, `/v1/requests/${r2}`)).json()) as { erased: boolean }).erased,
      ).toBe(false);

      // The log records who, when and why, and still verifies; the report still counts.
      const erasures = await awaitCondition(
        () => {
          const found = seen.filter(
            (e): e is TakedownEvent<"audit.entry"> =>
              e.type === "audit.entry" &&
              e.data.attributes["type"] === "jp.takedown.target.erased.v1",
          );
          return found.length >= 2 ? found : undefined;
        },
        { what: "both erasures in the audit log", timeoutMs: 120_000 },
      );
      const causes = erasures.map(
        (e) => e.data.data as { requestId: string; cause: string; erasedBy: string },
      );
      expect(causes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ requestId: r1, cause: "request", erasedBy: "organ" }),
          expect.objectContaining({ requestId: r3, cause: "retention", erasedBy: "retention" }),
        ]),
      );
      const lastIndex = Math.max(...erasures.map((e) => Number(e.data.index)));
      await awaitCondition(
        async () =>
          ((await archivedTreeSize({
            auditUrl: pipeline.services.auditUrl,
            auditorKey: pipeline.auditorKey,
          })) ?? 0n) > BigInt(lastIndex),
        { what: "the erasures archived under a checkpoint", timeoutMs: 120_000 },
      );
      const verified = await runAuditVerify({ repo, env: pipeline.cliEnv, completeness: false });
      expect(verified.ok, verified.detail).toBe(true);
      expect(await report()).toBe(casesBefore);
      await consumer.disconnect();
      consumer = undefined;

      await pipeline.stop({ keep: true });
      const gone = [...Object.values(erased), ...Object.values(retained)];
      const { found, scanned } = await leaks(pipeline.dataDir, [...gone, ...Object.values(live)]);
      expect(scanned.some((file) => /sha256\//.test(file))).toBe(true);
      expect(found.filter((f) => gone.includes(f.canary))).toEqual([]);
      // The scan still finds the live request's data where it must be (it is not vacuous).
      expect(found.some((f) => f.canary === live.victim && f.file.includes("dossiers/"))).toBe(
        true,
      );
    } finally {
      await consumer?.disconnect().catch(() => undefined);
      await pipeline.stop().catch(() => undefined);
    }
  }, 900_000);
});
