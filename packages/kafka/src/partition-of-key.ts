import { Partitioners } from "./kafkajs-runtime.js";

type Partitioner = ReturnType<typeof Partitioners.DefaultPartitioner>;
type PartitionMetadata = Parameters<Partitioner>[0]["partitionMetadata"];

const partitioner: Partitioner = Partitioners.DefaultPartitioner();
const metadataByCount = new Map<number, PartitionMetadata>();

/**
 * The partition the producers of this package write a key to: Java-compatible murmur2, the
 * client's default. A processor compares it with the partition a record came from, because the
 * state of a key lives on one partition only.
 */
export function partitionOfKey(key: string | Buffer | null, partitionCount: number): number {
  let partitionMetadata = metadataByCount.get(partitionCount);
  if (partitionMetadata === undefined) {
    partitionMetadata = Array.from({ length: partitionCount }, (_, partitionId) => ({
      partitionErrorCode: 0,
      partitionId,
      leader: 0,
      replicas: [0],
      isr: [0],
    }));
    metadataByCount.set(partitionCount, partitionMetadata);
  }
  return partitioner({ topic: "", partitionMetadata, message: { key, value: null } });
}
