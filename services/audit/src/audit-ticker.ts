import { RecordWriter, withTopicAdmin } from "@takedown/kafka";
import type { Kafka, RecordToSend } from "@takedown/kafka";
import type { Logger } from "@takedown/logger";

export interface AuditTickerOptions {
  kafka: Kafka;
  logger: Logger;
  /** `takedown.audit.ticks.v1`: one partition, read by the appender with the source topics. */
  topic: string;
  intervalMs: number;
  now?: () => Date;
}

/** Marks tick records for people reading the topic; the appender takes any record there as one. */
const TICK_HEADER = "takedown-audit-tick";
const DAY_MS = 24 * 3600 * 1000;

/**
 * Writes a tick to the audit service's own topic at an interval and whenever the appender asks.
 * The appender answers each tick it reads with a watermark entry, in the same consume loop as
 * the source records: a watermark is only written while that loop moves, so an auditor who
 * finds the latest watermark old knows the log stopped following its topics, even when idle.
 */
export class AuditTicker {
  readonly #options: AuditTickerOptions;
  readonly #log: Logger;
  #producer: RecordWriter | undefined;
  #timer: NodeJS.Timeout | undefined;
  #sending: Promise<void> | undefined;
  #again = false;

  constructor(options: AuditTickerOptions) {
    this.#options = options;
    this.#log = options.logger.child({ component: "audit-ticker" });
  }

  /** Creates the topic if missing, then ticks at every interval (and when asked). */
  async start(): Promise<void> {
    await withTopicAdmin(this.#options.kafka, (admin) =>
      admin.createTopicIfMissing({
        topic: this.#options.topic,
        partitions: 1,
        configs: { "retention.ms": String(DAY_MS) },
      }),
    );
    const producer = new RecordWriter(this.#options.kafka);
    await producer.start();
    this.#producer = producer;
    this.#timer = setInterval(() => this.requestTick(), this.#options.intervalMs);
  }

  /** Writes a tick soon; requests made while one is being written share the next. */
  requestTick(): void {
    if (this.#producer === undefined) return;
    if (this.#sending !== undefined) {
      this.#again = true;
      return;
    }
    this.#sending = this.#send().finally(() => (this.#sending = undefined));
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    const producer = this.#producer;
    this.#producer = undefined;
    await this.#sending;
    await producer?.stop();
  }

  async #send(): Promise<void> {
    do {
      this.#again = false;
      const producer = this.#producer;
      if (producer === undefined) return;
      try {
        await producer.send(this.#options.topic, [
          auditTickMessage((this.#options.now ?? (() => new Date()))()),
        ]);
      } catch (error) {
        // A lost tick only delays a watermark to the next one.
        this.#log.warn({ err: error }, "audit tick not written; the next one will be");
        return;
      }
    } while (this.#again);
  }
}

export function auditTickMessage(time: Date): RecordToSend {
  return { key: null, value: time.toISOString(), headers: { [TICK_HEADER]: "1" } };
}
