import { Partitioners, type Kafka, type Producer } from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import { deadlineTickMessage } from "./deadline-tick.js";

export interface DeadlineTickerOptions {
  kafka: Kafka;
  logger: Logger;
  /** Routing's re-keyed responses topic, read by the case routing processor. */
  topic: string;
  intervalMs: number;
  clock: () => Date;
}

/**
 * Writes a tick carrying the clock's time to every partition of the topic at an interval. The
 * ticks hold no state: deadlines live with the cases, so a lost or doubled tick only moves an
 * escalation to the next tick.
 */
export class DeadlineTicker {
  private producer: Producer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private partitions: number[] = [];
  private ticking: Promise<void> = Promise.resolve();
  private readonly log: Logger;

  constructor(private readonly options: DeadlineTickerOptions) {
    this.log = options.logger.child({ component: "deadline-ticker" });
  }

  async start(): Promise<void> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [this.options.topic] });
      this.partitions = metadata.topics[0]?.partitions.map((p) => p.partitionId) ?? [];
    } finally {
      await admin.disconnect();
    }
    const producer = this.options.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    this.producer = producer;
    await this.tick();
    this.timer = setInterval(() => {
      this.ticking = this.tick();
    }, this.options.intervalMs);
  }

  /** Ticks every partition now; tests call it after moving their clock. */
  async tick(): Promise<void> {
    const producer = this.producer;
    if (producer === undefined) return;
    const now = this.options.clock();
    try {
      await producer.send({
        topic: this.options.topic,
        messages: this.partitions.map((partition) => deadlineTickMessage(partition, now)),
      });
    } catch (error) {
      this.log.warn({ err: error }, "deadline tick not written; the next one will be");
    }
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    await this.producer?.disconnect();
    this.producer = undefined;
  }
}
