import { randomBytes } from "node:crypto";
import { inject, test as base } from "vitest";
import {
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from "@aws-sdk/client-s3";
import { createKafka } from "@takedown/kafka";
import { bareClientOf, type BareKafka as Kafka } from "@takedown/kafka/bare-client";
import { createS3Client, ensureBucket } from "@takedown/s3";
import type { InfraDescription } from "./infra-description.js";
import { awaitCondition } from "./await-condition.js";
import { adminSasl } from "./service-logins.js";

/**
 * The client's full admin, for tests that arrange what services never do (delete a topic, read a
 * group's offsets). Services ask through @takedown/kafka's TopicAdmin.
 */
export type Admin = ReturnType<Kafka["admin"]>;

export interface TopicRequest {
  /** A readable part of the name, e.g. "targets". */
  name?: string;
  /** The exact name, for code that derives topic names itself (still deleted after the test). */
  topic?: string;
  partitions?: number;
  configs?: Record<string, string>;
}

export interface WorkerFixtures {
  infra: InfraDescription;
  kafka: Kafka;
  admin: Admin;
  s3: S3Client;
}

export interface TestFixtures {
  /** Creates topics with random names for this test only; deleted after it. */
  createTopic: (request?: TopicRequest) => Promise<string>;
  /** A bucket with a random name for this test only; emptied and deleted after it. */
  bucket: string;
  /** A random suffix for ids, consumer groups and transactional ids of this test. */
  uniqueId: string;
}

export function randomName(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString("hex")}`;
}

/**
 * vitest fixtures for tests on the real broker and S3 server: clients are made once per worker,
 * topics and buckets once per test, so tests never see each other's data.
 */
export const integrationTest = base.extend<{ $test: TestFixtures; $worker: WorkerFixtures }>({
  infra: [
    // eslint-disable-next-line no-empty-pattern -- vitest reads the fixture's dependencies from this pattern
    async ({}, use) => {
      await use(inject("takedownInfra"));
    },
    { scope: "worker" },
  ],
  kafka: [
    async ({ infra }, use) => {
      await use(
        bareClientOf(
          createKafka({
            brokers: infra.kafkaBrokers,
            clientId: randomName("test"),
            retries: 3,
            sasl: adminSasl(infra),
          }),
        ),
      );
    },
    { scope: "worker" },
  ],
  admin: [
    async ({ kafka }, use) => {
      const admin = kafka.admin();
      await admin.connect();
      await use(admin);
      await admin.disconnect();
    },
    { scope: "worker" },
  ],
  s3: [
    async ({ infra }, use) => {
      const client = createS3Client({ ...infra.s3 });
      await use(client);
      client.destroy();
    },
    { scope: "worker" },
  ],
  // eslint-disable-next-line no-empty-pattern -- vitest reads the fixture's dependencies from this pattern
  uniqueId: async ({}, use) => {
    await use(randomBytes(6).toString("hex"));
  },
  createTopic: async ({ admin, uniqueId }, use) => {
    const created: string[] = [];
    await use(async (request = {}) => {
      const topic =
        request.topic ?? `test.${request.name ?? "topic"}.${uniqueId}.${created.length}.v1`;
      const partitions = request.partitions ?? 3;
      const create = () =>
        admin.createTopics({
          waitForLeaders: true,
          topics: [
            {
              topic,
              numPartitions: partitions,
              replicationFactor: 1,
              configEntries: Object.entries(request.configs ?? {}).map(([name, value]) => ({
                name,
                value,
              })),
            },
          ],
        });
      // On a fresh broker the client's leader wait can fail with "does not host this
      // topic-partition" while the new topic's metadata spreads; asking again answers "exists"
      // once it has, and the leaders are awaited below either way.
      await awaitCondition(
        async () => {
          try {
            await create();
            return true;
          } catch (error) {
            if ((error as { type?: string }).type === "UNKNOWN_TOPIC_OR_PARTITION") return false;
            throw error;
          }
        },
        { what: `topic ${topic} created`, timeoutMs: 30_000 },
      );
      await awaitCondition(
        async () => {
          const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
          const found = metadata.topics[0]?.partitions ?? [];
          return found.length === partitions && found.every((p) => p.leader >= 0);
        },
        { what: `leaders for ${topic}`, timeoutMs: 30_000 },
      );
      created.push(topic);
      return topic;
    });
    if (created.length > 0) await admin.deleteTopics({ topics: created }).catch(() => undefined);
  },
  bucket: async ({ s3, uniqueId }, use) => {
    const bucket = `test-${uniqueId}`;
    await ensureBucket(s3, bucket);
    await use(bucket);
    const listed = await s3
      .send(new ListObjectsV2Command({ Bucket: bucket }))
      .catch(() => undefined);
    for (const object of listed?.Contents ?? []) {
      await s3
        .send(new DeleteObjectCommand({ Bucket: bucket, Key: object.Key }))
        .catch(() => undefined);
    }
    await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
  },
});
