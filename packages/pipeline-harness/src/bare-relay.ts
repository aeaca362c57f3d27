import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BatchingTransactionalProducer, type OutputRecord } from "@takedown/kafka";
import type { BareKafka as Kafka } from "@takedown/kafka/bare-client";
import type { Logger } from "@takedown/logger";
import { SupervisedService } from "./supervised-service.js";

const HOPS = ["cases", "notices", "audit"] as const;

/**
 * The baseline for the pipeline bench: intake's batching transactional producer in front, then
 * three bare kafkajs consume → produce hops (targets → cases → notices → audit-ish), each a
 * process of its own like each service, one transaction per fetched batch with the consumed
 * offsets, acks=all, read_committed. Whatever the services do on top shows in the ratios.
 */
export class BareRelay {
  readonly topics: { targets: string; cases: string; notices: string; audit: string };
  readonly hops: SupervisedService[] = [];
  private producer: BatchingTransactionalProducer | undefined;

  constructor(
    private readonly options: {
      kafka: Kafka;
      brokers: readonly string[];
      admin: { username: string; password: string };
      logger: Logger;
      dataDir: string;
      partitions: number;
      replicationFactor: number;
    },
  ) {
    const run = randomBytes(3).toString("hex");
    this.topics = {
      targets: `bench.relay.targets.${run}.v1`,
      cases: `bench.relay.cases.${run}.v1`,
      notices: `bench.relay.notices.${run}.v1`,
      audit: `bench.relay.audit.${run}.v1`,
    };
  }

  async start(): Promise<void> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: Object.values(this.topics).map((topic) => ({
          topic,
          numPartitions: this.options.partitions,
          replicationFactor: this.options.replicationFactor,
        })),
      });
    } finally {
      await admin.disconnect();
    }
    const entry = fileURLToPath(new URL("./relay-hop-main.js", import.meta.url));
    let input = this.topics.targets;
    for (const hop of HOPS) {
      const name = `bench-relay-${hop}`;
      const service = new SupervisedService({
        name,
        entry,
        args: [
          JSON.stringify({ brokers: this.options.brokers, input, output: this.topics[hop], name }),
        ],
        env: {
          PATH: process.env.PATH,
          KAFKA_USERNAME: this.options.admin.username,
          KAFKA_PASSWORD: this.options.admin.password,
        },
        cwd: this.options.dataDir,
        logFile: join(this.options.dataDir, "logs", `${name}.log`),
        readyMessage: "relay hop started",
      });
      this.hops.push(service);
      await service.start();
      input = this.topics[hop];
    }
    this.producer = new BatchingTransactionalProducer({
      kafka: this.options.kafka,
      transactionalId: `bench-relay-front-${randomBytes(3).toString("hex")}`,
      logger: this.options.logger,
    });
    await this.producer.start();
  }

  /** Failed transactions of the front producer, by message (each was retried). */
  readonly frontFailures = new Map<string, number>();

  /**
   * Publishes one request's records and resolves once committed (the relay's "202"). A failed
   * transaction committed nothing, so it is sent again, as an organ retries a 503.
   */
  async send(records: readonly OutputRecord[]): Promise<void> {
    const producer = this.producer;
    if (producer === undefined) throw new Error("relay not started");
    for (let attempt = 0; ; attempt += 1) {
      try {
        await producer.send(records);
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.frontFailures.set(message, (this.frontFailures.get(message) ?? 0) + 1);
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
      }
    }
  }

  async cpuSeconds(): Promise<number> {
    let total = 0;
    for (const hop of this.hops) total += await hop.cpuSeconds();
    return total;
  }

  async stop(): Promise<void> {
    await this.producer?.stop();
    for (const hop of [...this.hops].reverse()) await hop.stop();
  }
}
