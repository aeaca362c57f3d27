import { RecordWriter, withTopicAdmin, type Kafka } from "@takedown/kafka";
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
  private producer: RecordWriter | undefined;
  private timer: NodeJS.Timeout | undefined;
  private partitions: number[] = [];
  private ticking: Promise<void> = Promise.resolve();
  private readonly log: Logger;

  constructor(private readonly options: DeadlineTickerOptions) {
    this.log = options.logger.child({ component: "deadline-ticker" });
  }

  async start(): Promise<void> {
    const { topic } = this.options;
    const counts = await withTopicAdmin(this.options.kafka, (admin) =>
      admin.partitionCounts([topic]),
    );
    this.partitions = Array.from({ length: counts.get(topic) ?? 0 }, (_, partition) => partition);
    const producer = new RecordWriter(this.options.kafka);
    await producer.start();
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
      await producer.send(
        this.options.topic,
        this.partitions.map((partition) => deadlineTickMessage(partition, now)),
      );
    } catch (error) {
      this.log.warn({ err: error }, "deadline tick not written; the next one will be");
    }
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    await this.producer?.stop();
    this.producer = undefined;
  }
}
