import { TopicAdmin, type Kafka } from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import type { EventPublisher } from "./event-publisher.js";
import type { IdempotencyStore } from "./idempotency-store.js";

export interface KafkaSideOptions {
  kafka: Kafka;
  publisher: EventPublisher;
  idempotency: IdempotencyStore;
  logger: Logger;
  /** First delay between start attempts; doubles up to 10 s. */
  retryMs?: number;
}

/**
 * Everything intake needs from Kafka before it may accept a request: the producer and the
 * restored Idempotency-Key memory. Starting keeps retrying in the background,
 * so the HTTP side is up (and answers 503) while the broker is away.
 */
export class KafkaSide {
  private state: "stopped" | "starting" | "ready" = "stopped";
  private admin: TopicAdmin | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt: Promise<void> | undefined;

  constructor(private readonly options: KafkaSideOptions) {}

  get ready(): boolean {
    return this.state === "ready" && this.options.publisher.ready;
  }

  /** Starts once in the foreground; on failure keeps trying in the background and returns. */
  async start(): Promise<void> {
    this.state = "starting";
    await this.tryStart(this.options.retryMs ?? 500);
  }

  private async tryStart(delayMs: number): Promise<void> {
    this.attempt = this.startOnce();
    try {
      await this.attempt;
      this.state = "ready";
      this.options.logger.info("kafka side ready");
    } catch (error) {
      this.options.logger.warn({ err: error, retryInMs: delayMs }, "kafka side not ready");
      await this.stopParts();
      if (this.state !== "starting") return;
      this.retryTimer = setTimeout(() => {
        void this.tryStart(Math.min(delayMs * 2, 10_000));
      }, delayMs);
    }
  }

  private async startOnce(): Promise<void> {
    const admin = new TopicAdmin(this.options.kafka);
    this.admin = admin;
    await admin.start();
    await this.options.publisher.start();
    await this.options.idempotency.start();
  }

  /** True when the cluster answers now (for /readyz). */
  async probe(timeoutMs = 2000): Promise<boolean> {
    if (!this.ready || this.admin === undefined) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.admin.brokerCount().then((brokers) => brokers > 0), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  private async stopParts(): Promise<void> {
    const parts = [() => this.options.publisher.stop(), () => this.admin?.stop()];
    for (const stop of parts) await Promise.resolve(stop()).catch(() => undefined);
    this.admin = undefined;
  }

  async stop(): Promise<void> {
    this.state = "stopped";
    clearTimeout(this.retryTimer);
    await this.attempt?.catch(() => undefined);
    await this.stopParts();
  }
}
