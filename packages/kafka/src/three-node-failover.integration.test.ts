import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LocalCluster } from "@takedown/test-kit";
import { createLogger } from "@takedown/logger";
import { BatchingTransactionalProducer } from "./batching-transactional-producer.js";
import { restoreChangelog } from "./changelog-restorer.js";
import { createKafka } from "./create-kafka.js";
import { partitionOfKey } from "./java-partitioner.js";
import { bareClientOf } from "./bare-client.js";

const repo = fileURLToPath(new URL("../../..", import.meta.url));
const logger = createLogger({ service: "test", level: "silent" });

/**
 * kafkajs 2.2.4 tracked a send's retries per broker: when a partition's leader died and its
 * partitions moved to a broker that had already answered, their records were never sent yet the
 * transaction committed (and the other way round, records were sent twice). patches/kafkajs
 * tracks them per partition. On a cluster of its own, three nodes at replication factor 3, a
 * node is SIGKILLed while transactions run; every committed group must then be whole and once.
 * It is read at once after the last commit: a reader that stopped at the last stable offset
 * missed the transactions whose markers the failover held up (TopicReader reads to the high
 * watermark).
 */
describe("transactions on three nodes", () => {
  it("commits every group whole and once through a partition leader's SIGKILL", async () => {
    const cluster = await LocalCluster.start({ repo, purpose: "test-runs", kafkaNodes: 3 });
    try {
      const kafka = bareClientOf(
        createKafka({
          brokers: cluster.infra.kafkaBrokers,
          sasl: { mechanism: "scram-sha-512", ...cluster.infra.kafkaAdmin },
          clientId: "three-nodes",
          logger,
          retries: 10,
        }),
      );
      const admin = kafka.admin();
      await admin.connect();
      const topic = "test.failover.v1";
      await admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic, numPartitions: 6, replicationFactor: 3 }],
      });
      const leaders = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions;
      await admin.disconnect();
      // A node that leads some partitions but not all: its partitions move while others answer.
      const victim = leaders[0]!.leader;

      const producer = new BatchingTransactionalProducer({
        kafka,
        transactionalId: "failover",
        logger,
      });
      await producer.start();
      const committed: number[] = [];
      const failed: number[] = [];
      const groups = 400;
      const sends: Promise<void>[] = [];
      for (let g = 0; g < groups; g += 1) {
        if (g === 100) await cluster.killBroker(victim);
        const records = Array.from({ length: 24 }, (_, r) => ({
          topic,
          key: `g${g}-r${r}`,
          value: JSON.stringify({ group: g, record: r }),
        }));
        sends.push(
          producer.send(records).then(
            () => void committed.push(g),
            () => void failed.push(g),
          ),
        );
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await Promise.all(sends);
      await producer.stop();

      const admin2 = kafka.admin();
      await admin2.connect();
      const partitions = (await admin2.fetchTopicOffsets(topic)).map((o) => o.partition);
      await admin2.disconnect();
      const seen = new Map<string, number>();
      await restoreChangelog({
        kafka,
        topic,
        partitions,
        onRecord: ({ message }) => {
          const key = message.key?.toString() ?? "";
          seen.set(key, (seen.get(key) ?? 0) + 1);
        },
      });
      const twice = [...seen].filter(([, n]) => n > 1).map(([key]) => key);
      const copies = (g: number) =>
        Array.from({ length: 24 }, (_, r) => seen.get(`g${g}-r${r}`) ?? 0);
      // A committed group is there whole, once; a failed one is whole or absent (a commit whose
      // outcome was unknown may have landed), never in part.
      const partial = committed.filter((g) => copies(g).some((n) => n !== 1));
      const partialFailed = failed.filter((g) => !copies(g).every((n) => n === copies(g)[0]));
      // Which records of committed groups are missing and where they belong: all on one
      // partition points at that partition's end (markers, watermarks), scattered at the producer.
      const missing = partial.flatMap((g) =>
        copies(g).flatMap((n, r) =>
          n === 0 ? [`g${g}-r${r}@p${partitionOfKey(`g${g}-r${r}`, partitions.length)}`] : [],
        ),
      );
      expect({
        twice: twice.slice(0, 5),
        partial: partial.slice(0, 5),
        partialCount: partial.length,
        missing: missing.slice(0, 10),
        partialFailed: partialFailed.slice(0, 5),
      }).toEqual({ twice: [], partial: [], partialCount: 0, missing: [], partialFailed: [] });
      expect(committed.length).toBeGreaterThan(groups / 2);
    } finally {
      await cluster.destroy();
    }
  }, 300_000);
});
