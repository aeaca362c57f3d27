import type { Admin } from "kafkajs";
import { clientOf, type Kafka } from "./kafka-handle.js";

export interface ProbedOffsets {
  topic: string;
  partition: number;
  committed?: string;
  highWatermark?: string;
  /** The partition's first offset: where a group without a committed offset starts. */
  lowWatermark?: string;
}

/**
 * Reads a group's committed offsets and its partitions' ends from the cluster. Fetches only show
 * the end of partitions that deliver records; a consumer that is stuck or gone fetches nothing,
 * and its lag must still grow on /metrics while producers write.
 */
export class PartitionLagProbe {
  private admin: Admin | undefined;
  private connecting: Promise<Admin> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
  ) {}

  async probe(
    partitions: readonly { topic: string; partition: number }[],
  ): Promise<ProbedOffsets[]> {
    const topics = [...new Set(partitions.map((p) => p.topic))];
    if (topics.length === 0) return [];
    const admin = await this.connected();
    const results: ProbedOffsets[] = [];
    const groupOffsets = await admin.fetchOffsets({ groupId: this.groupId, topics });
    for (const { topic, partitions: found } of groupOffsets)
      for (const { partition, offset } of found)
        results.push({ topic, partition, committed: offset });
    for (const topic of topics) {
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic))
        results.push({ topic, partition, highWatermark: high, lowWatermark: low });
    }
    return results;
  }

  async stop(): Promise<void> {
    const connecting = this.connecting;
    this.connecting = undefined;
    this.admin = undefined;
    const admin = await connecting?.catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }

  private connected(): Promise<Admin> {
    if (this.admin !== undefined) return Promise.resolve(this.admin);
    this.connecting ??= (async () => {
      const admin = clientOf(this.kafka).admin();
      try {
        await admin.connect();
      } catch (error) {
        this.connecting = undefined;
        throw error;
      }
      this.admin = admin;
      return admin;
    })();
    return this.connecting;
  }
}
