import { decodeEvent, parseTopic } from "@takedown/contracts";
import { TopicReader, type ConsumedRecord, type Kafka, type RecoveryPolicy } from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import { decodeFact, type StatusFact } from "./status-fact.js";
import type { ResponseText, StatusStore, StoreBatch } from "./status-store.js";

export interface StoreFeederOptions {
  kafka: Kafka;
  store: StatusStore;
  /** The compacted state topic the updater writes. */
  stateTopic: string;
  /** Every platform's responses topic: only the answers' text is taken from them. */
  responseTopics: readonly string[];
  logger: Logger;
  /** Called after each applied batch (metrics, tests). */
  onApplied?: (applied: { topic: string; records: number }) => void;
  /** Called when the reader's dead consumer is replaced (metrics). */
  onReaderRestart?: () => void;
  /**
   * The store can no longer follow: the reader gave up past its recovery bound, or a batch could
   * not be applied. The process should exit (runService's onFatal) rather than serve a store that
   * silently stops; without it the feeder logs ERROR and stays not ready.
   */
  onFatal?: (error: Error) => void;
  /** Bounds of the reader's restarts (default: the processors' defaultRecoveryPolicy). */
  recovery?: Partial<RecoveryPolicy>;
}

/**
 * Keeps the store up to date with the state topic, and with the text of the platforms' answers,
 * which stays out of any topic we write (it is the platform's free text and may name people): it
 * is read from the platform's own responses topic and kept in one overwritable row per case.
 * Reading starts at the positions the store holds, so a restart with the store on disk reads
 * only what came since; only a store that starts empty reads the (compacted) state topic whole.
 */
export class StoreFeeder {
  private reader: TopicReader | undefined;
  private positions = new Map<string, number>();
  private failure: Error | undefined;
  private caughtUp = false;
  /** Batches read but not yet in the store: one fetch's batches are applied together. */
  private pending: { batch: StoreBatch; records: number }[] = [];
  private flushing: NodeJS.Immediate | undefined;
  /** Records read per topic since start (tests show what a restart read). */
  readonly recordsRead = new Map<string, number>();

  constructor(private readonly options: StoreFeederOptions) {}

  /** True once everything committed before start() has been applied, and until a failure. */
  get ready(): boolean {
    return this.caughtUp && this.failed === undefined;
  }

  get failed(): Error | undefined {
    return this.failure ?? this.reader?.failed;
  }

  /** False while the reader replaces a dead consumer (the store answers, a moment behind). */
  get following(): boolean {
    return this.reader?.following ?? false;
  }

  /** Resolves once the store holds everything committed before this call. */
  async start(timeoutMs = 600_000): Promise<void> {
    const { kafka, logger } = this.options;
    const topics = [this.options.stateTopic, ...this.options.responseTopics];
    this.positions = this.options.store.positions();
    // Positions live in the store, not in a group: the reader's group is a throwaway one.
    const reader = new TopicReader({
      kafka,
      topics,
      from: new Map([...this.positions].map(([id, next]) => [id, BigInt(next)])),
      groupPrefix: "takedown-status-store-",
      ...(this.options.recovery !== undefined && { recovery: this.options.recovery }),
      onRestart: ({ error, delayMs, restarts }) => {
        // Expected while a broker dies (its SASL handshake breaks off): a metric, not an ERROR.
        logger.warn(
          { err: error, retryInMs: delayMs, restarts },
          "status store reader stopped; restarting it",
        );
        this.options.onReaderRestart?.();
      },
      onFailure: (error) => this.fatal(error, "status store reader gave up"),
      onBatch: ({ topic, partition, records }) => this.apply(topic, partition, records),
    });
    this.reader = reader;
    await reader.start();
    await reader.reachEnd(timeoutMs);
    // The reader counts a batch as read when it is handed over, a moment before it is applied.
    this.flush();
    this.caughtUp = true;
    logger.info(
      { read: Object.fromEntries(this.recordsRead), ...this.options.store.counts() },
      "status store caught up",
    );
  }

  async stop(): Promise<void> {
    await this.reader?.stop();
    this.reader = undefined;
    this.flush();
    this.caughtUp = false;
  }

  private apply(topic: string, partition: number, messages: ConsumedRecord[]): void {
    if (this.failure !== undefined) return;
    const id = `${topic}/${partition}`;
    const from = this.positions.get(id) ?? 0;
    // A fetch that raced the start-up seek, or a batch read again: the store already has these.
    const fresh = messages.filter((m) => Number(m.offset) >= from);
    const last = fresh.at(-1);
    if (last === undefined) return;
    const next = Number(last.offset) + 1;
    let batch: StoreBatch;
    try {
      if (topic === this.options.stateTopic) {
        const facts: StatusFact[] = [];
        const deletedKeys: string[] = [];
        for (const message of fresh) {
          const key = message.key?.toString("utf8") ?? "";
          if (message.value === null) deletedKeys.push(key);
          else facts.push(decodeFact(key, message.value));
        }
        batch = { topic, partition, next, facts, deletedKeys };
      } else {
        batch = { topic, partition, next, texts: this.textsOf(topic, fresh) };
      }
    } catch (error) {
      this.fail(error, { topic, partition });
      return;
    }
    this.positions.set(id, next);
    this.pending.push({ batch, records: fresh.length });
    // kafkajs hands over a fetch's batches one after another before it next waits for I/O.
    this.flushing ??= setImmediate(() => this.flush());
  }

  /** Applies the pending batches in one store transaction. */
  private flush(): void {
    clearImmediate(this.flushing);
    this.flushing = undefined;
    const pending = this.pending;
    this.pending = [];
    if (pending.length === 0 || this.failure !== undefined) return;
    try {
      this.options.store.applyAll(pending.map((p) => p.batch));
    } catch (error) {
      this.fail(error, { batches: pending.length });
      return;
    }
    for (const { batch, records } of pending) {
      this.recordsRead.set(batch.topic, (this.recordsRead.get(batch.topic) ?? 0) + records);
      this.options.onApplied?.({ topic: batch.topic, records });
    }
  }

  private fail(error: unknown, where: Record<string, unknown>): void {
    // A state record we cannot read is a bug or a stranger writing our topic: a person must
    // look. Stop applying (the store stays at its last good batch) rather than skip or guess.
    this.failure = error instanceof Error ? error : new Error(String(error));
    this.pending = [];
    this.fatal(this.failure, "status store stopped applying", where);
  }

  private fatal(error: Error, message: string, where: Record<string, unknown> = {}): void {
    const onFatal = this.options.onFatal;
    if (onFatal === undefined) {
      this.options.logger.error({ err: error, ...where }, message);
      return;
    }
    // onFatal logs FATAL and exits; the restarted process reads on from the store's positions.
    this.options.logger.warn({ err: error, ...where }, message);
    onFatal(error);
  }

  private textsOf(topic: string, messages: ConsumedRecord[]): ResponseText[] {
    const options = parseTopic(topic) === undefined ? {} : { topic };
    const texts: ResponseText[] = [];
    for (const message of messages) {
      const decoded = decodeEvent(message, options);
      // Routing sends what a platform got wrong to the DLQ; here it is only not shown.
      if (!decoded.ok || decoded.event.type !== "response.submitted") continue;
      const { caseId, text } = decoded.event.data;
      texts.push({ caseId, eventId: decoded.event.id, ...(text !== undefined && { text }) });
    }
    return texts;
  }
}
