import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { JavaCompatiblePartitioner, murmur2, partitionOfKey } from "./java-partitioner.js";
import kafkajs from "kafkajs";

const metadata = (count: number) =>
  Array.from({ length: count }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 1,
    replicas: [1],
    isr: [1],
  }));

describe("murmur2 and JavaCompatiblePartitioner", () => {
  it("match Kafka's Java murmur2 test vectors", () => {
    // From Kafka's UtilsTest.testMurmur2.
    expect(murmur2("21")).toBe(-973932308);
    expect(murmur2("foobar")).toBe(-790332482);
    expect(murmur2("a-little-bit-long-string")).toBe(-985981536);
    expect(murmur2("a-little-bit-longer-string")).toBe(-1486304829);
    expect(murmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8")).toBe(-58897971);
    expect(murmur2("abc")).toBe(479470107);
  });

  it("put every key on the partition kafkajs' DefaultPartitioner picks", () => {
    // kafkajs' own, not the re-export of kafkajs-runtime (which is ours).
    const theirs = kafkajs.Partitioners.DefaultPartitioner();
    const ours = JavaCompatiblePartitioner();
    let differing = 0;
    for (let i = 0; i < 20_000; i++) {
      const bytes = randomBytes(i % 97);
      const key =
        i % 3 === 0
          ? bytes
          : i % 3 === 1
            ? bytes.toString("hex")
            : `キー${bytes.toString("base64")}`;
      const count = 1 + (i % 13);
      const args = {
        topic: "t",
        partitionMetadata: metadata(count),
        message: { key, value: null },
      };
      if (theirs(args) !== ours(args)) differing += 1;
      if (partitionOfKey(key, count) !== ours(args)) differing += 1;
    }
    expect(differing).toBe(0);
  });

  it("keep an explicit partition and spread keyless records over partitions with a leader", () => {
    const partitioner = JavaCompatiblePartitioner();
    const partitionMetadata = metadata(4).map((p) =>
      p.partitionId === 2 ? { ...p, leader: -1 } : p,
    );
    expect(
      partitioner({
        topic: "t",
        partitionMetadata,
        message: { key: "k", partition: 3, value: null },
      }),
    ).toBe(3);
    const seen = new Set<number>();
    for (let i = 0; i < 12; i++)
      seen.add(partitioner({ topic: "t", partitionMetadata, message: { key: null, value: null } }));
    expect([...seen].sort()).toEqual([0, 1, 3]);
  });
});
