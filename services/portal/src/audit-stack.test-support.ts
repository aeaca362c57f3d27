import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiKeyAuthenticator, generateApiKey } from "@takedown/api-keys";
import { buildApp as buildAudit, type App as AuditApp } from "@takedown/audit";
import { S3Archive, loadAuditSettings } from "@takedown/audit-tools";
import { RecordWriter, type Kafka } from "@takedown/kafka";
import { createLogger } from "@takedown/logger";
import type { S3Client } from "@takedown/s3";
import { NO_ORGAN, StaffStore } from "@takedown/staff-accounts";
import { awaitCondition, type ScenarioRecord, type ScenarioTopic } from "@takedown/test-kit";
import { generateNoteKey } from "@takedown/transparency-log";
import { AuditDouble } from "./audit-double.test-support.js";
import { buildApp, type PortalApp } from "./portal-app.js";
import { WEB_DIR } from "./portal-stack.test-support.js";

export const AUDIT_ORIGIN = "audit.takedown.test/log";
const SCENARIO_TOPICS: readonly ScenarioTopic[] = [
  "cases",
  "notices-x",
  "notices-y",
  "responses-x",
  "responses-y",
  "triage",
];

export interface AuditStack {
  portal: PortalApp;
  staff: StaffStore;
  audit: AuditApp;
  /** Between the portal and the audit API: can serve tampered checkpoints. */
  double: AuditDouble;
  verifierKey: string;
  /** Writes records to the scenario's topics as the pipeline would. */
  send(records: readonly ScenarioRecord[]): Promise<void>;
  /** Waits until the archive publishes a checkpoint of at least `size` entries; its size. */
  logged(size: number): Promise<bigint>;
  stop(): Promise<void>;
}

const quiet = () => createLogger({ service: "portal-audit-test", level: "warn" });

/** Test topics are `test.<name>.<uniqueId>.<n>.v1`; the SPEC topic whose events they carry. */
function pipelineTopicOf(topic: string): string {
  const name = topic.split(".")[1] ?? "";
  const platform = /^(notices|responses)-(.+)$/.exec(name);
  return platform === null ? `takedown.${name}.v1` : `takedown.${platform[1]}.${platform[2]}.v1`;
}

/**
 * The real audit service and API on the test's broker and bucket, a portal whose audit calls go
 * through the AuditDouble with the portal's own auditor key, and the log's verifier key pinned
 * in the portal. Organ kinds as in the audit service's scenario.
 */
export async function startAuditStack(options: {
  kafka: Kafka;
  s3: S3Client;
  bucket: string;
  uniqueId: string;
  createTopic: (request?: {
    name?: string;
    partitions?: number;
    configs?: Record<string, string>;
  }) => Promise<string>;
}): Promise<AuditStack> {
  const topics = new Map<ScenarioTopic, string>();
  for (const name of SCENARIO_TOPICS)
    topics.set(name, await options.createTopic({ name, partitions: 2 }));
  const logTopic = await options.createTopic({ name: "auditlog", partitions: 1 });
  const tickTopic = await options.createTopic({ name: "ticks", partitions: 1 });
  const dir = await mkdtemp(join(tmpdir(), "portal-audit-stack-"));
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const keys = generateNoteKey(AUDIT_ORIGIN);
    const portalKey = await generateApiKey();
    const audit = buildAudit({
      kafka: options.kafka,
      archive: new S3Archive({ client: options.s3, bucket: options.bucket }),
      logger: quiet(),
      settings: loadAuditSettings({
        AUDIT_ORIGIN,
        AUDIT_LOG_TOPIC: logTopic,
        AUDIT_TICK_TOPIC: tickTopic,
        AUDIT_PORT: "0",
        AUDIT_CHECKPOINT_EVERY_ENTRIES: "5",
        AUDIT_CHECKPOINT_INTERVAL_SECONDS: "1",
        AUDIT_WATERMARK_INTERVAL_SECONDS: "3600",
        AUDIT_WATERMARK_EVERY_ENTRIES: "1000000",
      }),
      signerKey: keys.signerKey,
      auditors: new ApiKeyAuthenticator({
        keys: [{ keyId: portalKey.keyId, hash: portalKey.hash, holder: { keyId: "portal" } }],
      }),
      organKinds: new Map([
        ["moj-tokyo", "legal_affairs_bureau"],
        ["moj-osaka", "consultation_centre"],
      ]),
      sourceTopics: [
        new RegExp(
          `^test\\.(cases|triage|notices-.+|responses-.+)\\.${options.uniqueId}\\.[0-9]+\\.v1$`,
        ),
      ],
      pipelineTopicOf,
      groupId: `audit-${options.uniqueId}`,
      transactionalId: `audit-${options.uniqueId}`,
    });
    stops.push(() => audit.stop());
    await audit.start();
    const writer = new RecordWriter(options.kafka);
    await writer.start();
    stops.push(() => writer.stop());
    const double = new AuditDouble(() => audit.api.address ?? "", keys.signerKey);
    await double.start();
    stops.push(() => double.stop());
    const staff = StaffStore.open(join(dir, "portal.db"));
    stops.push(() => Promise.resolve(staff.close()));
    const portal = buildApp({
      logger: quiet(),
      staff,
      // No staff page is used here: intake is never called.
      intakeUrl: "http://127.0.0.1:9",
      intakeKeyOf: () => Promise.resolve(undefined),
      organNames: new Map(),
      webDir: WEB_DIR,
      port: 0,
      host: "127.0.0.1",
      audit: {
        url: double.url,
        timeoutMs: 20_000,
        auditorKey: () => Promise.resolve(portalKey.plainKey),
        verifierKey: () => Promise.resolve(keys.verifierKey),
      },
    });
    stops.push(() => portal.stop());
    await portal.start();
    return {
      portal,
      staff,
      audit,
      double,
      verifierKey: keys.verifierKey,
      send: async (records) => {
        for (const record of records)
          await writer.send(topics.get(record.topic) as string, [record.message]);
      },
      logged: async (size) => {
        await awaitCondition(() => audit.service.archiver.publishedSize >= BigInt(size), {
          what: `a checkpoint of ${size} entries`,
          timeoutMs: 60_000,
        });
        return audit.service.archiver.publishedSize;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** An auditor's portal account with its password set, as after the holder's set-up visit. */
export async function readyAuditor(staff: StaffStore, password: string): Promise<string> {
  const created = await staff.createAccount({ organId: NO_ORGAN, role: "auditor" });
  await staff.completeSetup({
    accountId: created.account.id,
    setupSecret: created.setupSecret,
    password,
  });
  return created.account.id;
}
