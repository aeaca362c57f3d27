import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiKeyAuthenticator, generateApiKey } from "@takedown/api-keys";
import { ArchivedLogReader, S3Archive, readOrganKinds, runAuditCli } from "@takedown/audit-tools";
import type { TransparencyReport } from "@takedown/audit-tools";
import { sampleEvents } from "@takedown/contracts/fixtures";
import { createLogger } from "@takedown/logger";
import {
  openLogKey,
  verifyCheckpoint,
  verifyCheckpointConsistency,
  verifyEntryInclusion,
} from "@takedown/log-verification-web";
import type { EntryWithProof, LogKey, VerifiedCheckpoint } from "@takedown/log-verification-web";
import {
  awaitCondition,
  integrationTest as test,
  scenarioRecords,
  type ScenarioTopic,
} from "@takedown/test-kit";
import { NoteSigner, generateNoteKey } from "@takedown/transparency-log";
import { describe, expect } from "vitest";
import { AuditApi } from "./audit-api.js";
import { AuditService } from "./audit-service.js";
import { pipelineTopicOfTestTopic, testTopicPattern } from "./pipeline-records.test-support.js";
import type { PublicTransparencyReport } from "./public-transparency.js";

const ORIGIN = "audit.takedown.test/log";
const logger = createLogger({ service: "audit-test", level: "warn" });

interface Lookup {
  treeSize: string;
  checkpoint: string | null;
  entries: (EntryWithProof & { leaf: string; entry: { attributes: Record<string, string> } })[];
}

async function verified(note: string, key: LogKey): Promise<VerifiedCheckpoint> {
  const verdict = await verifyCheckpoint(note, key, { origin: ORIGIN });
  if (!verdict.ok) throw new Error(`${verdict.code}: ${verdict.message}`);
  return verdict.value;
}

describe("audit API for the portal, on the real broker and S3", () => {
  test("serves look-ups and proofs that the browser package verifies, the CLI's report figures, and a public report without ids", async ({
    kafka,
    s3,
    bucket,
    infra,
    createTopic,
    uniqueId,
  }) => {
    const topics = new Map<ScenarioTopic, string>();
    for (const name of [
      "cases",
      "notices-x",
      "notices-y",
      "responses-x",
      "responses-y",
      "triage",
    ] as const)
      topics.set(name, await createTopic({ name, partitions: 2 }));
    const logTopic = await createTopic({ name: "auditlog", partitions: 1 });
    const tickTopic = await createTopic({ name: "ticks", partitions: 1 });
    const keys = generateNoteKey(ORIGIN);
    const archive = new S3Archive({ client: s3, bucket });
    const service = new AuditService({
      kafka,
      archive,
      signer: NoteSigner.fromSignerKey(keys.signerKey),
      origin: ORIGIN,
      logger,
      logTopic,
      sourceTopics: [testTopicPattern(uniqueId)],
      tickTopic,
      watermarkIntervalMs: 3_600_000,
      watermarkEveryEntries: 1_000_000,
      groupId: `audit-${uniqueId}`,
      transactionalId: `audit-${uniqueId}`,
      checkpointEveryEntries: 5,
      checkpointIntervalMs: 300,
      metadataMaxAgeMs: 500,
      topicPollIntervalMs: 300,
      pipelineTopicOf: pipelineTopicOfTestTopic,
    });
    // The CLI and the service read organ kinds from the same organs.yaml.
    const configDir = await mkdtemp(join(tmpdir(), "audit-config-"));
    const organ = (id: string, kind: string) =>
      `  - id: ${id}\n    names: { ja: "${id}", en: "${id}" }\n    kind: ${kind}\n`;
    await writeFile(
      join(configDir, "organs.yaml"),
      `organs:\n${organ("moj-tokyo", "legal_affairs_bureau")}${organ("moj-osaka", "consultation_centre")}`,
    );
    const auditorKey = await generateApiKey();
    const api = new AuditApi({
      reader: new ArchivedLogReader({
        source: archive,
        verifierKey: keys.verifierKey,
        origin: ORIGIN,
      }),
      auditors: new ApiKeyAuthenticator({
        keys: [{ keyId: auditorKey.keyId, hash: auditorKey.hash, holder: { keyId: "a" } }],
      }),
      logger,
      verifierKey: keys.verifierKey,
      origin: ORIGIN,
      organKinds: await readOrganKinds(configDir),
      port: 0,
    });
    const producer = kafka.producer();
    await producer.connect();
    await service.start();
    await api.start();
    const get = (path: string, key: string | null = auditorKey.plainKey) =>
      fetch(
        `${api.address}${path}`,
        key === null ? {} : { headers: { authorization: `Bearer ${key}` } },
      );
    const json = async <T>(path: string, key: string | null = auditorKey.plainKey): Promise<T> => {
      const response = await get(path, key);
      expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
      return (await response.json()) as T;
    };
    const send = async (records: ReturnType<typeof scenarioRecords>) => {
      for (const record of records)
        await producer.send({
          topic: topics.get(record.topic) as string,
          messages: [record.message],
        });
    };
    const logged = async (size: number) =>
      awaitCondition(
        async () =>
          service.archiver.publishedSize === BigInt(size) &&
          (await archive.read("checkpoint")) !== undefined,
        {
          what: `a checkpoint of ${size} entries`,
        },
      );
    const outDir = await mkdtemp(join(tmpdir(), "audit-report-"));
    const cliReport = async (): Promise<TransparencyReport> => {
      const period = "--from 2025-06-01T00:00:00Z --to 2025-07-01T00:00:00Z".split(" ");
      const code = await runAuditCli(
        ["report", ...period, "--out", outDir, "--verifier-key", keys.verifierKey],
        {
          env: {
            S3_ENDPOINT: infra.s3.endpoint,
            S3_REGION: infra.s3.region,
            S3_ACCESS_KEY_ID: infra.s3.accessKeyId,
            S3_SECRET_ACCESS_KEY: infra.s3.secretAccessKey,
            S3_BUCKET_AUDIT: bucket,
            AUDIT_ORIGIN: ORIGIN,
            TAKEDOWN_CONFIG_DIR: configDir,
          },
          out: () => undefined,
          err: (text) => logger.warn({ text }, "cli"),
        },
      );
      expect(code).toBe(0);
      return JSON.parse(
        await readFile(join(outDir, "transparency-report.json"), "utf8"),
      ) as TransparencyReport;
    };
    try {
      const records = scenarioRecords(uniqueId);
      await send(records);
      await logged(records.length);

      // The page pins the key from its own configuration; the public endpoint only states it.
      const key = await openLogKey(keys.verifierKey);
      const publicLog = await json<{
        verifierKey: string;
        checkpointUrl: string;
        treeSize: string;
      }>("/v1/public/log", null);
      expect(publicLog).toMatchObject({
        verifierKey: keys.verifierKey,
        treeSize: String(records.length),
      });
      const publicNote = await (await get(publicLog.checkpointUrl, null)).text();
      const first = await verified(publicNote, key);
      expect(first.size).toBe(BigInt(records.length));

      // Auditor routes need the key; public ones do not.
      expect((await get("/v1/lookup?index=0", null)).status).toBe(401);
      expect((await get("/v1/report?from=2025-06-01&to=2025-07-01", "wrong")).status).toBe(401);

      // A case: every entry about it, each proven in the browser against the signed checkpoint.
      const caseId = records[0]?.caseId as string;
      const byCase = await json<Lookup>(`/v1/lookup?caseId=${caseId}`);
      const caseEvents = records.filter((r) => r.caseId === caseId).map((r) => r.eventId);
      // In log order, which interleaves topics: compare the set, and that indexes ascend.
      expect(byCase.entries.map((e) => e.entry.attributes["id"]).sort()).toEqual(
        [...caseEvents].sort(),
      );
      const indexes = byCase.entries.map((e) => Number(e.index));
      expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
      expect(caseEvents.length).toBe(4);
      const atLookup = await verified(byCase.checkpoint as string, key);
      for (const entry of byCase.entries) {
        const verdict = await verifyEntryInclusion(atLookup, entry);
        expect(verdict.ok ? "ok" : `${verdict.code}: ${verdict.message}`).toBe("ok");
      }
      const tamperedLeaf = {
        ...byCase.entries[0],
        leaf: (byCase.entries[0]?.leaf ?? "").replace(caseId, `${caseId}0`),
      } as EntryWithProof;
      expect(await verifyEntryInclusion(atLookup, tamperedLeaf)).toMatchObject({
        ok: false,
        code: "LEAF_HASH_MISMATCH",
      });

      const lastEvent = records.at(-1)?.eventId as string;
      const byEvent = await json<Lookup>(`/v1/lookup?eventId=${lastEvent}`);
      expect(byEvent.entries.map((e) => e.entry.attributes["id"])).toEqual([lastEvent]);
      expect((await verifyEntryInclusion(atLookup, byEvent.entries[0] as EntryWithProof)).ok).toBe(
        true,
      );
      // Against an older tree the browser saw: the proof is for that size and its note is served.
      // Any older checkpoint that holds entry 1 (its size above 1); which sizes were checkpointed
      // depends on timing (a checkpoint of size 1 is possible), and S3 lists them as strings.
      const olderSize = (await archive.list("checkpoints/"))
        .map((p) => BigInt(p.slice(12)))
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .find((size) => size > 1n && size < atLookup.size) as bigint;
      expect(olderSize, "an older checkpoint holding entry 1").toBeDefined();
      const byIndex = await json<Lookup>(`/v1/lookup?index=1&size=${olderSize}`);
      const older = await verified(byIndex.checkpoint as string, key);
      expect(older.size).toBe(olderSize);
      expect((await verifyEntryInclusion(older, byIndex.entries[0] as EntryWithProof)).ok).toBe(
        true,
      );
      expect((await verifyEntryInclusion(atLookup, byIndex.entries[0] as EntryWithProof)).ok).toBe(
        false,
      );
      for (const [query, status, field] of [
        ["eventId=nope", 404, undefined],
        ["caseId=a&index=1", 400, "eventId"],
        ["index=x", 400, "index"],
        [`index=${records.length}`, 400, "index"],
        [`index=0&size=${records.length + 1}`, 400, "size"],
      ] as const) {
        const response = await get(`/v1/lookup?${query}`);
        expect(response.status, query).toBe(status);
        expect(response.headers.get("content-type")).toContain("application/problem+json");
        if (field !== undefined) expect(await response.json()).toMatchObject({ field });
      }

      // The report: the same figures as `takedown audit report` on the same archive.
      const cli = await cliReport();
      const served = await json<TransparencyReport>(
        "/v1/report?from=2025-06-01T00:00:00Z&to=2025-07-01T00:00:00Z",
      );
      expect(served).toEqual(cli);
      expect(served.cases).toBe(9);
      expect(served.rows.find((r) => r.dimension === "platform" && r.key === "x")).toMatchObject({
        cases: 7,
        requests: 8,
        outcomes: { removed: 5, declined: 1, escalated: 1, pending: 0 },
        // Removed after 1, 2, 3, 4 and 5 h: nearest-rank p50 3 h, p90 5 h.
        timeToAction: { count: 5, p50Seconds: 3 * 3600, p90Seconds: 5 * 3600 },
        deadlineBreaches: 1,
      });
      // Plans 0, 2, 4, 6 of x and the first of y are moj-tokyo's; case 0 also has moj-osaka's.
      expect(
        served.rows
          .filter((r) => r.dimension === "organKind")
          .map((r) => [r.key, r.cases, r.requests]),
      ).toEqual([
        ["consultation_centre", 5, 5],
        ["legal_affairs_bureau", 5, 5],
      ]);
      const csv = await get("/v1/report?from=2025-06-01&to=2025-07-01&format=csv");
      expect(csv.headers.get("content-type")).toContain("text/csv");
      expect((await csv.text()).split("\r\n")[0]).toMatch(/^dimension,key,cases,requests,/);
      expect(await (await get("/v1/report?from=June&to=2025-07-01")).json()).toMatchObject({
        status: 400,
        field: "from",
      });

      // The public report: aggregates per platform and month, small counts withheld, no ids.
      const publicResponse = await get(
        "/v1/public/transparency?from=2025-05&to=2025-06",
        undefined,
      );
      const publicText = await publicResponse.text();
      const report = JSON.parse(publicText) as PublicTransparencyReport;
      expect(report.suppression.minCell).toBe(5);
      const june = report.months.find((m) => m.month === "2025-06");
      expect(june?.cases).toBe(9);
      expect(june?.platforms.find((p) => p.platform === "x")).toMatchObject({
        suppressed: false,
        cases: 7,
        requests: 8,
        removed: 5,
        declined: null,
        escalated: null,
        deadlineBreaches: null,
        removalRate: 0.7143,
        declinedRate: null,
        timeToActionP50Seconds: 3 * 3600,
        timeToActionP90Seconds: 5 * 3600,
      });
      expect(june?.platforms.find((p) => p.platform === "y")).toMatchObject({
        suppressed: true,
        cases: null,
      });
      const may = report.months.find((m) => m.month === "2025-05");
      expect(may?.cases).toBeNull();
      const member = sampleEvents["case.opened"].data.member;
      const forbidden = [
        uniqueId,
        "case_",
        "req_",
        "http",
        "moj-",
        ...records.flatMap((r) => [r.caseId, r.eventId, r.caseId.slice(5, 21)]),
        // The members carry no personal data since v2 (issue 13); their dossier reference is
        // per request, so it must not reach the public page either.
        member.dossier?.dossierId ?? "dos_",
        member.dossier?.commitment ?? "commitment",
      ];
      for (const text of forbidden) expect(publicText, text).not.toContain(text);
      expect(publicText).not.toMatch(/[0-9a-f]{16}/);
      // The log grows; the checkpoint seen before extends to the new one.
      const more = scenarioRecords(`${uniqueId}b`).slice(0, 6);
      await send(more);
      await logged(records.length + more.length);
      const grown = await verified(await (await get("/v1/public/checkpoint", null)).text(), key);
      const consistency = await json<{
        proof: string[];
        fromCheckpoint: string;
        toCheckpoint: string;
      }>(`/v1/proofs/consistency?from=${first.size}&to=${grown.size}`);
      expect(await verifyCheckpointConsistency(first, grown, consistency.proof)).toMatchObject({
        ok: true,
      });
      expect(await verifyCheckpointConsistency(older, grown, consistency.proof)).toMatchObject({
        ok: false,
        code: "CONSISTENCY_FAILED",
      });
      expect((await verified(consistency.fromCheckpoint, key)).size).toBe(first.size);

      // The served figures follow the grown log (fed incrementally) and still equal the CLI's.
      const grownReport = await json<TransparencyReport>(
        "/v1/report?from=2025-06-01T00:00:00Z&to=2025-07-01T00:00:00Z",
      );
      expect(grownReport.cases).toBe(11);
      expect(grownReport).toEqual(await cliReport());
    } finally {
      await rm(outDir, { recursive: true, force: true });
      await rm(configDir, { recursive: true, force: true });
      await producer.disconnect();
      await api.stop();
      await service.stop();
    }
  });
});
