import { createHash } from "node:crypto";
import { platformRegistrySchema } from "@takedown/config";
import {
  caseIdFor,
  decodeEvent,
  dossierIdOf,
  encodeEvent,
  noticesTopic,
  responsesTopic,
  type AnyTakedownEvent,
  type RequestedAction,
  type TargetSubmission,
} from "@takedown/contracts";
import {
  RecordWriter,
  TopicReader,
  createKafka,
  type ConsumedRecord,
  type Kafka,
} from "@takedown/kafka";
import { createLogger } from "@takedown/logger";
import type { OperationalSettings } from "@takedown/operational-http";
import { adminSasl, integrationTest as test, type TopicRequest } from "@takedown/test-kit";
import { presignedDetailsLinks } from "./dossier-links.js";
import { presignedEvidenceLinks } from "./evidence-links.js";
import { buildApp, type RoutingApp } from "./routing-app.js";
import type { RoutingTopics } from "./routing-context.js";

const logger = createLogger({
  service: "routing-test",
  level: process.env.ROUTING_TEST_LOG === "1" ? "debug" : "silent",
});
export const HOUR = 3_600_000;
export const T0 = new Date("2025-06-02T00:00:00.000Z");

/** Every record of some topics, decoded, as committed (read_committed). */
export class TopicRecorder {
  readonly events: { topic: string; partition: number; event: AnyTakedownEvent }[] = [];
  readonly raw: {
    topic: string;
    partition: number;
    offset: bigint;
    bytes: number;
    key: string | null;
  }[] = [];
  private reader: TopicReader | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: string[],
  ) {}

  async start(groupId: string): Promise<void> {
    this.reader = new TopicReader({
      kafka: this.kafka,
      topics: this.topics,
      groupPrefix: groupId,
      onBatch: ({ topic, partition, records }) => {
        for (const message of records) this.record(topic, partition, message);
      },
    });
    await this.reader.start();
  }

  private record(topic: string, partition: number, message: ConsumedRecord): void {
    this.raw.push({
      topic,
      partition,
      offset: BigInt(message.offset),
      bytes: message.value?.length ?? 0,
      key: message.key?.toString() ?? null,
    });
    const decoded = decodeEvent(message);
    if (decoded.ok) this.events.push({ topic, partition, event: decoded.event });
  }

  of<T extends AnyTakedownEvent["type"]>(topic: string, type: T) {
    return this.events
      .filter((e) => e.topic === topic && e.event.type === type)
      .map((e) => e.event as Extract<AnyTakedownEvent, { type: T }>);
  }

  async stop(): Promise<void> {
    await this.reader?.stop();
  }
}

export function submission(
  url: string,
  evidence: string[],
  action: RequestedAction = "remove",
): TargetSubmission {
  const requestId = `req_01J9Z8W1AB2CD3EF4GH5JK6M${Math.floor(Math.random() * 90 + 10)}`;
  return {
    requestId,
    targetId: `${requestId}#1`,
    organId: "moj-tokyo",
    url,
    classification: "rights_infringement",
    category: "defamation",
    legalBasis: "pla_art3_2_1",
    requestedAction: action,
    evidence,
    language: "ja",
    submittedAt: T0.toISOString(),
    dossier: {
      dossierId: dossierIdOf(requestId),
      commitment: `hmac-sha256:${createHash("sha256").update(requestId).digest("hex")}`,
    },
  };
}

export function caseOf(url: string) {
  const contentKey = createHash("sha256").update(url).digest("hex");
  return { url, contentKey, caseId: caseIdFor(contentKey, "01J9Z8X7QK3M4N5P6R7S8T9V0W") };
}

export interface TestBed {
  topics: RoutingTopics;
  platformA: string;
  platformB: string;
  hostA: string;
  hostB: string;
  clock: { now: Date };
  startApp(options?: { operational?: OperationalSettings }): Promise<RoutingApp>;
  publish(
    topic: string,
    events: AnyTakedownEvent[],
    options?: { partition?: number; key?: string },
  ): Promise<void>;
  cleanup(): Promise<void>;
}

async function testBed(options: {
  kafka: Kafka;
  brokers: string[];
  /** The test's topics are its own: the service logs in as the cluster's admin. */
  sasl: ReturnType<typeof adminSasl>;
  uniqueId: string;
  s3: Parameters<typeof presignedEvidenceLinks>[0]["client"];
  bucket: string;
  createTopic: (request: TopicRequest) => Promise<string>;
}): Promise<TestBed> {
  const { kafka, uniqueId } = options;
  const platformA = `a${uniqueId}`;
  const platformB = `b${uniqueId}`;
  const hostA = `${platformA}.example.jp`;
  const hostB = `${platformB}.example.jp`;
  const name = (purpose: string) => `test.routing-${purpose}.${uniqueId}.v1`;
  const topics: RoutingTopics = {
    cases: name("cases"),
    triage: name("triage"),
    dlq: name("dlq"),
    rekeyedResponses: name("rekeyed"),
    state: name("state"),
    noticesOf: noticesTopic,
    responses: new RegExp(`^takedown\\.responses\\.[ab]${uniqueId}\\.v1$`),
  };
  const created = [
    topics.cases,
    topics.triage,
    topics.dlq,
    topics.rekeyedResponses,
    topics.state,
    ...[platformA, platformB].flatMap((p) => [noticesTopic(p), responsesTopic(p)]),
  ];
  const notices = new Set<string>([platformA, platformB].map((p) => noticesTopic(p)));
  for (const topic of created) {
    await options.createTopic({
      topic,
      // One partition for notices: a batch's notices all meet the broker's per-partition limit.
      partitions: notices.has(topic) ? 1 : 3,
      ...(topic === topics.state ? { configs: { "cleanup.policy": "compact" } } : {}),
    });
  }
  const platforms = platformRegistrySchema.parse({
    platforms: [
      {
        id: platformA,
        names: { ja: "A", en: "A" },
        domains: [hostA, `*.${hostA}`],
        sla: { default: "2h", byAction: { preserve_logs: "1h" } },
        kafkaUser: `platform-${platformA}`,
      },
      {
        id: platformB,
        names: { ja: "B", en: "B" },
        domains: [hostB],
        categories: ["privacy"],
        kafkaUser: `platform-${platformB}`,
      },
    ],
  });
  const clock = { now: T0 };
  const apps: RoutingApp[] = [];
  const producer = new RecordWriter(kafka);
  await producer.start();
  return {
    topics,
    platformA,
    platformB,
    hostA,
    hostB,
    clock,
    async startApp(appOptions = {}) {
      const app = buildApp({
        // The service's own client, with the default retries: a fresh broker's coordinators
        // take a moment to load, which the test fixtures' fail-fast client does not wait for.
        kafka: createKafka({
          brokers: options.brokers,
          clientId: `routing-${uniqueId}`,
          logger,
          sasl: options.sasl,
        }),
        logger,
        platforms,
        topics,
        linkEvidence: presignedEvidenceLinks({
          client: options.s3,
          bucket: options.bucket,
          expiresInSeconds: 600,
        }),
        linkDetails: presignedDetailsLinks({
          client: options.s3,
          bucket: options.bucket,
          expiresInSeconds: 600,
        }),
        clock: () => clock.now,
        groupId: `routing-${uniqueId}`,
        instanceId: "0",
        tickIntervalMs: 60_000,
        metadataMaxAgeMs: 1000,
        ...appOptions,
      });
      await app.start();
      apps.push(app);
      return app;
    },
    async publish(topic, events, options = {}) {
      await producer.send(
        topic,
        events.map((e) => ({
          ...encodeEvent(e),
          // A platform's own partitioner, or a platform getting the key wrong.
          ...(options.partition === undefined ? {} : { partition: options.partition }),
          ...(options.key === undefined ? {} : { key: options.key }),
        })),
      );
    },
    async cleanup() {
      for (const app of apps.reverse()) await app.stop().catch(() => undefined);
      await producer.stop();
    },
  };
}

/**
 * A test bed per test (its topics, platforms and producer), and recorders of its topics; both
 * stopped after the test, recorders first since they read what the bed's apps write.
 */
export const routingTest = test.extend<{
  bed: TestBed;
  recorderOf: (topics: string[]) => TopicRecorder;
}>({
  bed: async ({ kafka, infra, uniqueId, s3, bucket, createTopic }, use) => {
    const bed = await testBed({
      kafka,
      brokers: infra.kafkaBrokers,
      sasl: adminSasl(infra),
      uniqueId,
      s3,
      bucket,
      createTopic,
    });
    try {
      await use(bed);
    } finally {
      await bed.cleanup();
    }
  },
  recorderOf: async ({ kafka, bed }, use) => {
    const recorders: TopicRecorder[] = [];
    // Depends on bed only to be torn down before it.
    void bed;
    await use((topics) => {
      const recorder = new TopicRecorder(kafka, topics);
      recorders.push(recorder);
      return recorder;
    });
    for (const recorder of recorders) await recorder.stop();
  },
});
