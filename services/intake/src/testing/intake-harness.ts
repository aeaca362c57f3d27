import type { OrganRegistry } from "@takedown/config";
import { decodeEvent, type AnyTakedownEvent } from "@takedown/contracts";
import { createLogger, type Logger } from "@takedown/logger";
import { restoreChangelog, type Admin, type Kafka } from "@takedown/kafka";
import { awaitCondition } from "@takedown/test-kit";
import type { S3Client } from "@takedown/s3";
import { generateApiKey } from "../api-key.js";
import { buildApp, type IntakeApp, type IntakeDeps } from "../app.js";

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
  };
}

export function quietLogger(): Logger {
  return createLogger({ service: "intake-test", level: "warn" });
}

/** An intake on the test's own topics and bucket, started. */
export async function startIntake(
  options: {
    kafka: Kafka;
    s3: S3Client;
    bucket: string;
    topics: HarnessTopics;
    organs: OrganRegistry;
    transactionalId: string;
  } & Omit<Partial<IntakeDeps>, "topics">,
): Promise<IntakeApp> {
  const { topics, bucket, ...rest } = options;
  const intake = buildApp({
    logger: quietLogger(),
    evidenceObjectLock: false,
    ...rest,
    evidenceBucket: bucket,
    topics: {
      targets: topics.targets,
      idempotency: topics.idempotency,
      status: [topics.cases, topics.notices, topics.responses],
    },
  });
  await intake.start();
  return intake;
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
