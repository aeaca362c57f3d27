import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { OrganRegistry } from "@takedown/config";
import { decodeEvent, type AnyTakedownEvent } from "@takedown/contracts";
import { createLogger, type Logger } from "@takedown/logger";
import { restoreChangelog, type Kafka } from "@takedown/kafka";
import { buildApp as buildStatusApp, type StatusApp } from "@takedown/status";
import { awaitCondition, integrationTest, type Admin } from "@takedown/test-kit";
import { generateApiKey } from "@takedown/api-keys";
import { buildApp, type IntakeApp, type IntakeDeps } from "./app.js";

/** Two organs with one key each, so tests can show that one never sees the other's requests. */
export async function testOrgans(
  rateLimit = { requestsPerMinute: 60_000, burst: 1000 },
): Promise<{ registry: OrganRegistry; keyOf: Record<"a" | "b", string> }> {
  const a = await generateApiKey();
  const b = await generateApiKey();
  const organ = (id: string, key: { keyId: string; hash: string }) => ({
    id,
    names: { ja: id, en: id },
    kind: "legal_affairs_bureau" as const,
    apiKeys: [{ id: key.keyId, hash: key.hash, disabled: false }],
    rateLimit,
    example: false,
  });
  return {
    registry: { organs: [organ("organ-a", a), organ("organ-b", b)] },
    keyOf: { a: `Bearer ${a.plainKey}`, b: `Bearer ${b.plainKey}` },
  };
}

export interface HarnessTopics {
  targets: string;
  idempotency: string;
  cases: string;
  notices: string;
  responses: string;
  /** The status service's compacted state topic (tests that need no status service omit it). */
  state?: string;
}

type CreateTopic = (request?: {
  name?: string;
  partitions?: number;
  configs?: Record<string, string>;
}) => Promise<string>;

export async function harnessTopics(createTopic: CreateTopic): Promise<HarnessTopics> {
  return {
    targets: await createTopic({ name: "targets" }),
    idempotency: await createTopic({
      name: "idempotency",
      configs: { "cleanup.policy": "compact" },
    }),
    cases: await createTopic({ name: "cases" }),
    notices: await createTopic({ name: "notices" }),
    responses: await createTopic({ name: "responses" }),
    state: await createTopic({ name: "status-state", configs: { "cleanup.policy": "compact" } }),
  };
}

export function quietLogger(): Logger {
  return createLogger({ service: "intake-test", level: "warn" });
}

export type TestOrgans = Awaited<ReturnType<typeof testOrgans>>;

export interface LaunchOptions extends Omit<
  Partial<IntakeDeps>,
  "topics" | "organs" | "evidenceBucket"
> {
  /** An earlier launch's topics, so a restarted intake rebuilds its state from them. */
  topics?: HarnessTopics;
  /** An earlier launch's organs, so its keys still authenticate after a restart. */
  organs?: TestOrgans;
  /** For fresh organs only. */
  rateLimit?: Parameters<typeof testOrgans>[0];
  bucket?: string;
}

export interface LaunchedIntake extends TestOrgans {
  intake: IntakeApp;
  topics: HarnessTopics;
}

export type LaunchIntake = (options?: LaunchOptions) => Promise<LaunchedIntake>;

export interface StatusLaunchOptions {
  topics: HarnessTopics;
  kafka?: Kafka;
  /** The store's file: a restart on the same file resumes from it; default a fresh one. */
  dbPath?: string;
  /** A restart keeps its id (its transactional id fences the predecessor). */
  instanceId?: string;
}

export interface LaunchedStatus {
  status: StatusApp;
  dbPath: string;
  url: string;
}

export type LaunchStatus = (options: StatusLaunchOptions) => Promise<LaunchedStatus>;

/**
 * Integration tests with `launchIntake`: an intake started on the test's own topics, bucket and
 * organs, with a status service on the same topics (unless given `statusUrl`), stopped after
 * the test unless the test already did. Every launch of a test uses the
 * same transactional id, as a restarted pod keeps its own, so a test that runs two intakes side
 * by side must give one of them another id, or the newer fences the older.
 */
export const intakeTest = integrationTest.extend<{
  launchStatus: LaunchStatus;
  launchIntake: LaunchIntake;
}>({
  launchStatus: async ({ kafka, uniqueId }, use) => {
    const launched: StatusApp[] = [];
    const dir = await mkdtemp(join(tmpdir(), "intake-status-"));
    await use(async (options) => {
      const { topics } = options;
      if (topics.state === undefined) throw new Error("these topics have no status state topic");
      const dbPath = options.dbPath ?? join(dir, `status-${launched.length}.db`);
      const status = buildStatusApp({
        kafka: options.kafka ?? kafka,
        logger: quietLogger(),
        topics: {
          targets: topics.targets,
          cases: topics.cases,
          notices: [topics.notices],
          responses: [topics.responses],
          state: topics.state,
        },
        dbPath,
        groupId: `status-${uniqueId}`,
        instanceId: options.instanceId ?? `status-${uniqueId}`,
        port: 0,
        host: "127.0.0.1",
        catchUpTimeoutMs: 60_000,
      });
      launched.push(status);
      await status.start();
      return { status, dbPath, url: status.api.url };
    });
    const failures: unknown[] = [];
    for (const status of launched.reverse())
      await status.stop().catch((error: unknown) => failures.push(error));
    await rm(dir, { recursive: true, force: true });
    if (failures.length > 0) throw new AggregateError(failures, "a status service did not stop");
  },
  launchIntake: async ({ kafka, s3, bucket, createTopic, uniqueId, launchStatus }, use) => {
    const launched: IntakeApp[] = [];
    // One status service per set of topics, kept across intake restarts like a deployment.
    const statusUrls = new Map<string, string>();
    await use(async (options = {}) => {
      const {
        topics: given,
        organs: givenOrgans,
        rateLimit,
        bucket: evidenceBucket,
        ...deps
      } = options;
      const topics = given ?? (await harnessTopics(createTopic));
      const organs = givenOrgans ?? (await testOrgans(rateLimit));
      let statusUrl = deps.statusUrl ?? statusUrls.get(topics.targets);
      if (statusUrl === undefined) {
        ({ url: statusUrl } = await launchStatus({
          topics,
          ...(deps.kafka !== undefined && { kafka: deps.kafka }),
        }));
        statusUrls.set(topics.targets, statusUrl);
      }
      const intake = stopsOnce(
        buildApp({
          logger: quietLogger(),
          kafka,
          s3,
          transactionalId: `intake-${uniqueId}`,
          platforms: { platforms: [] },
          ...deps,
          statusUrl,
          organs: organs.registry,
          evidenceBucket: evidenceBucket ?? bucket,
          topics: { targets: topics.targets, idempotency: topics.idempotency },
        }),
      );
      // Registered before starting, so one whose start failed half-way is still stopped.
      launched.push(intake);
      await intake.start();
      return { intake, topics, registry: organs.registry, keyOf: organs.keyOf };
    });
    const failures: unknown[] = [];
    for (const intake of launched.reverse()) {
      await intake.stop().catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) throw new AggregateError(failures, "an intake did not stop");
  },
});

/** Tests may stop an intake themselves (to restart it); the fixture's later stop must not fail. */
function stopsOnce(built: IntakeApp): IntakeApp {
  let stopping: Promise<void> | undefined;
  return {
    app: built.app,
    metrics: built.metrics,
    start: () => built.start(),
    stop: () => (stopping ??= built.stop()),
  };
}

/**
 * Every committed record of a topic, decoded with contracts (rejections fail the test). Right
 * after a commit a read_committed reader can briefly see less than the high watermark (the
 * commit markers are written after EndTxn returns), so callers name how many they expect.
 */
export async function readEvents(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  expected: number,
): Promise<{ key: string | null; event: AnyTakedownEvent }[]> {
  return awaitCondition(
    async () => {
      const events = await readEventsOnce(kafka, admin, topic);
      return events.length >= expected ? events : undefined;
    },
    { what: `${expected} records on ${topic}` },
  );
}

async function readEventsOnce(
  kafka: Kafka,
  admin: Admin,
  topic: string,
): Promise<{ key: string | null; event: AnyTakedownEvent }[]> {
  const offsets = await admin.fetchTopicOffsets(topic);
  const events: {
    partition: number;
    offset: bigint;
    key: string | null;
    event: AnyTakedownEvent;
  }[] = [];
  await restoreChangelog({
    kafka,
    topic,
    partitions: offsets.map((o) => o.partition),
    onRecord: ({ partition, message }) => {
      const decoded = decodeEvent(message);
      if (!decoded.ok) throw new Error(`undecodable record: ${decoded.rejection.message}`);
      events.push({
        partition,
        offset: BigInt(message.offset),
        key: decoded.key,
        event: decoded.event,
      });
    },
  });
  return events.map(({ key, event }) => ({ key, event }));
}

/** Sum of the topic's high watermarks: 0 means nothing was ever written, not even aborted. */
export async function writtenOffsets(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, o) => sum + Number(o.high), 0);
}

export const pngBytes = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from("screenshot of a defamatory post"),
]);

export function requestBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    targets: [{ url: "https://x.com/someone/status/1234567890?utm_source=share" }],
    category: "defamation",
    classification: "rights_infringement",
    legalBasis: "pla_art3_2_1",
    requestedAction: "remove",
    description: "The post states false facts that lower the person's social standing.",
    evidence: [],
    ...overrides,
  };
}
