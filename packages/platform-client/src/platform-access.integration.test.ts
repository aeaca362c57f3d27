import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect } from "vitest";
import { platformRegistrySchema } from "@takedown/config";
import {
  caseIdFor,
  createEvent,
  decodeEvent,
  encodeEvent,
  noticesTopic,
  responsesTopic,
} from "@takedown/contracts";
import { sampleEvents } from "@takedown/contracts/fixtures";
import { createKafka, type ConsumedRecord } from "@takedown/kafka";
import { bareClientOf, platformAclEntries } from "@takedown/kafka/bare-client";
import { createLogger } from "@takedown/logger";
import {
  awaitCondition,
  integrationTest as test,
  platformListenerCa,
  type Admin,
} from "@takedown/test-kit";
import { applyPlatformAccessStep } from "./platform-access-step.js";
import { PlatformCredentialStore } from "./platform-credential-store.js";
import { listenAsPlatform } from "./platform-listener.js";
import { respondAsPlatform } from "./platform-responder.js";

const logger = createLogger({ service: "platform-access-test", level: "silent" });

function noticeFor(platformId: string, url: string) {
  const contentKey = createHash("sha256").update(url).digest("hex");
  const caseId = caseIdFor(contentKey, "01J9Z8X7QK3M4N5P6R7S8T9V0W");
  return createEvent(
    "notice.issued",
    { ...sampleEvents["notice.issued"].data, caseId, contentKey, platformId, canonicalUrl: url },
    { source: "/takedown/routing" },
  );
}

async function createPlatformTopics(admin: Admin, topics: string[]): Promise<void> {
  await awaitCondition(
    async () => {
      await admin.createTopics({
        waitForLeaders: true,
        topics: topics.map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })),
      });
      const metadata = await admin.fetchTopicMetadata({ topics });
      return metadata.topics.every((t) => t.partitions.every((p) => p.leader >= 0));
    },
    { what: "platform topics" },
  );
}

describe("platform access on the real broker", () => {
  test("each platform reads and answers only its own topics", async ({
    infra,
    kafka,
    admin,
    uniqueId,
  }) => {
    const [a, b] = [`a${uniqueId}`, `b${uniqueId}`];
    const platforms = platformRegistrySchema.parse({
      platforms: [a, b].map((id) => ({
        id,
        names: { ja: id, en: id },
        domains: [`${id}.example.jp`],
        kafkaUser: `platform-${id}`,
      })),
    });
    const topics = [a, b].flatMap((id) => [noticesTopic(id), responsesTopic(id)]);
    const dataDir = await mkdtemp(join(tmpdir(), "routing-acl-"));
    const printed: string[] = [];
    const producer = kafka.producer();
    try {
      await createPlatformTopics(admin, topics);
      await applyPlatformAccessStep({
        brokers: infra.kafkaBrokers,
        admin: infra.kafkaAdmin,
        platforms,
        dataDir,
        logger,
        print: (line) => printed.push(line),
      });
      const store = new PlatformCredentialStore(dataDir);
      expect((await stat(store.path)).mode & 0o777).toBe(0o600);
      const credsA = await store.get(a);
      expect(credsA.username).toBe(`platform-${a}`);
      expect(printed.at(-1)).toContain("6 ACL(s) created");

      // Applying again changes nothing and keeps the passwords.
      const before = await readFile(store.path, "utf8");
      await applyPlatformAccessStep({
        brokers: infra.kafkaBrokers,
        admin: infra.kafkaAdmin,
        platforms,
        dataDir,
        logger,
        print: (line) => printed.push(line),
      });
      expect(printed.at(-1)).toContain("0 ACL(s) created, 0 removed");
      expect(await readFile(store.path, "utf8")).toBe(before);

      // An ACL granted by hand (A reading B's notices) is removed by the next apply.
      const [granted] = platformAclEntries({
        username: credsA.username,
        noticesTopic: noticesTopic(b),
        responsesTopic: responsesTopic(b),
        groupPrefix: `${b}.`,
      });
      await admin.createAcls({ acl: [granted!] });
      await applyPlatformAccessStep({
        brokers: infra.kafkaBrokers,
        admin: infra.kafkaAdmin,
        platforms,
        dataDir,
        logger,
        print: (line) => printed.push(line),
      });
      expect(printed.at(-1)).toContain("0 ACL(s) created, 1 removed");

      const noticeA = noticeFor(a, `https://${a}.example.jp/p/1`);
      const noticeB = noticeFor(b, `https://${b}.example.jp/p/1`);
      await producer.connect();
      await producer.send({ topic: noticesTopic(a), messages: [encodeEvent(noticeA)] });
      await producer.send({ topic: noticesTopic(b), messages: [encodeEvent(noticeB)] });

      const asA = bareClientOf(
        createKafka({
          brokers: infra.kafkaSaslBrokers,
          clientId: `platform-${a}`,
          sasl: { mechanism: "scram-sha-512", ...credsA },
          tls: { ca: platformListenerCa(infra) },
          retries: 0,
        }),
      );
      // SCRAM credentials reach the broker through the metadata log.
      await awaitCondition(
        async () => {
          const probe = asA.admin();
          await probe.connect();
          await probe.disconnect();
          return true;
        },
        { what: "SCRAM login of platform A", timeoutMs: 15_000 },
      );

      // A reads its own notices with the reference client...
      const lines: string[] = [];
      const listener = await listenAsPlatform({
        saslBrokers: infra.kafkaSaslBrokers,
        tlsCa: platformListenerCa(infra),
        platformId: a,
        credentials: credsA,
        print: (line) => lines.push(line),
        logger,
      });
      try {
        await awaitCondition(() => lines.some((l) => l.includes(noticeA.data.caseId)), {
          what: "A's notice printed by the reference client",
        });
      } finally {
        await listener.stop();
      }
      expect(lines.join("\n")).not.toContain(noticeB.data.caseId);

      // ...and answers it: the response lands on A's responses topic, keyed by the content key.
      const answered = await respondAsPlatform({
        saslBrokers: infra.kafkaSaslBrokers,
        tlsCa: platformListenerCa(infra),
        platformId: a,
        credentials: credsA,
        caseId: noticeA.data.caseId,
        action: "removed",
        logger,
      });
      expect(answered).toMatchObject({ contentKey: noticeA.data.contentKey, noticeRevision: 1 });
      const seen: ConsumedRecord[] = [];
      const check = kafka.consumer({ groupId: `check-${uniqueId}` });
      await check.connect();
      await check.subscribe({ topic: responsesTopic(a), fromBeginning: true });
      await check.run({ eachMessage: ({ message }) => Promise.resolve(void seen.push(message)) });
      try {
        await awaitCondition(() => seen.length === 1, { what: "A's response" });
      } finally {
        await check.disconnect();
      }
      const decoded = decodeEvent(seen[0]!, { topic: responsesTopic(a) });
      expect(
        decoded.ok && decoded.event.type === "response.submitted" && decoded.event.data,
      ).toMatchObject({
        caseId: noticeA.data.caseId,
        action: "removed",
      });

      // A cannot read B's notices, not even with a group of its own prefix.
      const spy = asA.consumer({ groupId: `${a}.spy` });
      await spy.connect();
      try {
        await expect(
          (async () => {
            await spy.subscribe({ topic: noticesTopic(b), fromBeginning: true });
            await spy.run({ eachMessage: () => Promise.resolve() });
          })(),
        ).rejects.toMatchObject({ type: "TOPIC_AUTHORIZATION_FAILED" });
      } finally {
        await spy.disconnect();
      }

      // A cannot answer for B.
      const forger = asA.producer();
      await forger.connect();
      try {
        const forged = createEvent(
          "response.submitted",
          {
            ...sampleEvents["response.submitted"].data,
            caseId: noticeB.data.caseId,
            contentKey: noticeB.data.contentKey,
            platformId: b,
            noticeRevision: 1,
          },
          { source: `/platforms/${b}` },
        );
        await expect(
          forger.send({ topic: responsesTopic(b), messages: [encodeEvent(forged)] }),
        ).rejects.toMatchObject({ cause: { type: "TOPIC_AUTHORIZATION_FAILED" } });
      } finally {
        await forger.disconnect();
      }

      // Nor use a consumer group outside its prefix, e.g. one named like B's.
      const squatter = asA.consumer({ groupId: `${b}.listener` });
      // Joining happens in the background; an authorization failure crashes the consumer.
      const crashed = new Promise<never>((_, reject) => {
        squatter.on(squatter.events.CRASH, (event) => reject(event.payload.error));
      });
      try {
        await expect(
          (async () => {
            await squatter.connect();
            await squatter.subscribe({ topic: noticesTopic(a), fromBeginning: true });
            await squatter.run({ eachMessage: () => Promise.resolve() });
            await crashed;
          })(),
          // kafkajs reports the GROUP_AUTHORIZATION_FAILED of FindCoordinator this way; the same
          // client found the coordinator of its own group above.
        ).rejects.toMatchObject({ name: "KafkaJSGroupCoordinatorNotFound" });
      } finally {
        await squatter.disconnect();
      }
    } finally {
      await producer.disconnect().catch(() => undefined);
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
