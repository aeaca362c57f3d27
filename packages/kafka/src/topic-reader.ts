import { randomBytes } from "node:crypto";
import type { Consumer } from "kafkajs";
import { abortableSleep } from "./abortable-sleep.js";
import { createKafkaError } from "./errors.js";
import { kafkaClientLog } from "./kafka-client-log.js";
import { clientOf, type Kafka } from "./kafka-handle.js";
import type { ConsumedRecord } from "./kafka-record.js";
import { FailureRun, defaultRecoveryPolicy, type RecoveryPolicy } from "./recovery-policy.js";
import { TopicAdmin } from "./topic-admin.js";

export interface ConsumedBatch {
  topic: string;
  partition: number;
  records: ConsumedRecord[];
}

export interface TopicReaderOptions {
  kafka: Kafka;
  topics: readonly string[];
  /** Receives the committed records of the wanted partitions, in offset order per partition. */
  onBatch: (batch: ConsumedBatch) => void;
  /** Only these partitions' records are delivered and waited for (default: all). */
  wanted?: (topic: string, partition: number) => boolean;
  /** Where to start per `topic/partition` (the next offset to read); others start at their beginning. */
  from?: ReadonlyMap<string, bigint>;
  /** The throwaway group's name starts with this (a platform may only use its own prefix). */
  groupPrefix?: string;
  /**
   * The reader gave up: its consumer kept dying past the recovery bound. It is stopped for good
   * and `reachEnd` rejects; the owner must not go on as if it still followed the topics.
   */
  onFailure?: (error: Error) => void;
  /**
   * The consumer died on an error kafkajs will not restart it after (an authentication failure
   * while a broker goes away, seen in chaos runs); the reader replaces it after `delayMs`, from the
   * positions reached. Retriable crashes are restarted by kafkajs and only counted (kafkaClientLog).
   */
  onRestart?: (restart: { error: Error; delayMs: number; restarts: number }) => void;
  /** Bounds of those replacements (default: the processors' defaultRecoveryPolicy). */
  recovery?: Partial<RecoveryPolicy>;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads topics from their beginning (or given positions), committed records only, and tells when
 * it reached the ends the topics have now. The client has no manual assignment, so a throwaway
 * consumer group reads the topics; control records (transaction markers) never reach a batch
 * handler, so progress is tracked from the end-of-batch event, which also fires for batches of
 * markers only. The one implementation of "read to the end" in the project.
 */
export class TopicReader {
  readonly #options: TopicReaderOptions;
  readonly #reached = new Map<string, bigint>();
  readonly #policy: RecoveryPolicy;
  readonly #failures: FailureRun;
  #consumer: Consumer | undefined;
  #records = 0;
  #failure: Error | undefined;
  #restarts = 0;
  #runningSince = 0;
  #replacing: Promise<void> | undefined;
  /** A crash of the consumer being started, seen while `#replacing` was still running. */
  #lateCrash: Error | undefined;
  #lifetime = new AbortController();

  constructor(options: TopicReaderOptions) {
    this.#options = options;
    this.#policy = { ...defaultRecoveryPolicy, ...options.recovery };
    this.#failures = new FailureRun(this.#policy);
    for (const [id, next] of options.from ?? []) this.#reached.set(id, next);
  }

  /** Records delivered so far. */
  get records(): number {
    return this.#records;
  }

  /** Why the reader stopped for good, if it did (see `onFailure`). */
  get failed(): Error | undefined {
    return this.#failure;
  }

  /** Consumers replaced since start (see `onRestart`). */
  get restarts(): number {
    return this.#restarts;
  }

  /** False while a dead consumer waits to be replaced, and once the reader gave up. */
  get following(): boolean {
    return this.#consumer !== undefined && this.#replacing === undefined;
  }

  /** The next offset to read per `topic/partition` reached so far (a later reader's `from`). */
  get positions(): Map<string, bigint> {
    return new Map(this.#reached);
  }

  /** Starts reading and keeps following the topics until stop(). */
  async start(): Promise<void> {
    if (this.#consumer !== undefined || this.#replacing !== undefined) return;
    if (this.#lifetime.signal.aborted) this.#lifetime = new AbortController();
    await this.#startConsumer();
  }

  /**
   * Resolves once every wanted partition was read up to the end it has when called (reading
   * starts only when one is behind); rejects after `timeoutMs`.
   *
   * The end is the high watermark, not the last stable offset: a transaction whose commit was
   * acknowledged lies beyond the last stable offset until the broker has written its markers
   * (milliseconds, or seconds after a partition leader or transaction coordinator fails over), and
   * a reader that stopped there would miss it. Read committed, the consumer passes the high
   * watermark only once every transaction below it has ended, committed ones delivered whole.
   */
  async reachEnd(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const behind = await this.#behind();
    if (behind.length === 0) return;
    await this.start();
    for (;;) {
      if (this.#failure !== undefined) throw this.#failure;
      const lagging = behind.filter((end) => this.#at(end.id) < end.high);
      if (lagging.length === 0) return;
      if (Date.now() >= deadline) {
        const where = lagging
          .slice(0, 5)
          .map((end) => `${end.id} at ${this.#at(end.id)} of ${end.high}`)
          .join(", ");
        throw new Error(
          `${this.#options.topics.join(", ")} not read to the end within ${timeoutMs} ms (${where}; a transaction left open ends at its timeout)`,
        );
      }
      await pause(20);
    }
  }

  async stop(): Promise<void> {
    this.#lifetime.abort();
    await this.#replacing;
    const consumer = this.#consumer;
    this.#consumer = undefined;
    await consumer?.disconnect();
  }

  #crashed(error: Error): void {
    if (this.#lifetime.signal.aborted || this.#failure !== undefined) return;
    if (this.#replacing !== undefined) {
      // kafkajs reports a failed group join as a crash while run() still resolves.
      this.#lateCrash = error;
      return;
    }
    // A consumer that ran a while without failing ends the run of failures before it.
    if (Date.now() - this.#runningSince >= this.#policy.stableAfterMs) this.#failures.ended();
    const replacing = this.#replace(error).finally(() => {
      this.#replacing = undefined;
      const late = this.#lateCrash;
      this.#lateCrash = undefined;
      if (late !== undefined) this.#crashed(late);
    });
    this.#replacing = replacing;
  }

  async #replace(cause: Error): Promise<void> {
    const signal = this.#lifetime.signal;
    let last = cause;
    for (;;) {
      const dead = this.#consumer;
      this.#consumer = undefined;
      // kafkajs disconnected it before the crash event; this only ends what might be left.
      await dead?.disconnect().catch(() => undefined);
      const delayMs = this.#failures.nextRestart();
      if (delayMs === undefined) {
        this.#giveUp(last);
        return;
      }
      this.#restarts += 1;
      this.#options.onRestart?.({ error: last, delayMs, restarts: this.#restarts });
      await abortableSleep(delayMs, signal);
      if (signal.aborted) return;
      this.#lateCrash = undefined;
      try {
        await this.#startConsumer();
        return;
      } catch (error) {
        last = error instanceof Error ? error : new Error(String(error));
      }
    }
  }

  #giveUp(cause: Error): void {
    this.#failure = createKafkaError("KAFKA_READER_FAILED", {
      detail: `${this.#options.topics.join(", ")}: ${this.#restarts} restarts; last: ${cause.message}`,
      cause,
    });
    this.#options.onFailure?.(this.#failure);
  }

  async #behind(): Promise<{ id: string; high: bigint }[]> {
    const admin = new TopicAdmin(this.#options.kafka);
    await admin.start();
    try {
      const behind: { id: string; high: bigint }[] = [];
      for (const topic of this.#options.topics) {
        for (const { partition, low, high } of await admin.highWatermarks(topic)) {
          if (!this.#wants(topic, partition)) continue;
          const id = `${topic}/${partition}`;
          const at = this.#reached.get(id) ?? low;
          if (high > (at > low ? at : low)) behind.push({ id, high });
        }
      }
      return behind;
    } finally {
      await admin.stop();
    }
  }

  #at(id: string): bigint {
    return this.#reached.get(id) ?? -1n;
  }

  #wants(topic: string, partition: number): boolean {
    return this.#options.wanted?.(topic, partition) ?? true;
  }

  /** Starts a consumer as `#consumer` (set at once, so that a crash while it joins finds it). */
  async #startConsumer(): Promise<void> {
    const { kafka, topics } = this.#options;
    const groupId = `${this.#options.groupPrefix ?? "takedown-reader-"}${randomBytes(6).toString("hex")}`;
    const consumer = clientOf(kafka).consumer({
      groupId,
      readUncommitted: false,
      maxBytesPerPartition: 4 * 1024 * 1024,
    });
    this.#consumer = consumer;
    // kafkajs restarts a consumer that crashed on a retriable error (a broker away): expected,
    // so counted rather than logged at ERROR; one it will not restart, this reader replaces.
    kafkaClientLog(kafka).supervise(groupId);
    let crashed = false;
    consumer.on(consumer.events.CRASH, (event) => {
      const { error, restart } = event.payload as { error: Error; restart: boolean };
      if (restart) return;
      crashed = true;
      this.#crashed(error);
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, (event) => {
      const p = event.payload as { topic: string; partition: number; lastOffset: string };
      const id = `${p.topic}/${p.partition}`;
      const next = BigInt(p.lastOffset) + 1n;
      if (next > this.#at(id)) this.#reached.set(id, next);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...topics], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: ({ batch }) => {
          if (this.#wants(batch.topic, batch.partition)) {
            this.#records += batch.messages.length;
            this.#options.onBatch({
              topic: batch.topic,
              partition: batch.partition,
              records: batch.messages,
            });
          }
          return Promise.resolve();
        },
      });
    } catch (error) {
      if (this.#consumer === consumer) this.#consumer = undefined;
      await consumer.disconnect();
      throw error;
    }
    // A consumer whose group join failed has crashed while run() resolved, and kafkajs has
    // disconnected it: seeking it would throw (a chaos run's status failed to start so). Its
    // replacement seeks from the same positions.
    if (crashed) return;
    // The given positions at first; a replaced consumer goes on from what was delivered.
    for (const [id, next] of this.#reached) {
      const slash = id.lastIndexOf("/");
      const topic = id.slice(0, slash);
      if (topics.includes(topic))
        consumer.seek({ topic, partition: Number(id.slice(slash + 1)), offset: String(next) });
    }
    this.#runningSince = Date.now();
  }
}

/**
 * Reads the topics to the ends they have now and stops; resolves with the records delivered and
 * the positions reached, from which a later read can go on.
 */
export async function readToEnd(
  options: TopicReaderOptions & { timeoutMs?: number },
): Promise<{ records: number; positions: Map<string, bigint> }> {
  const reader = new TopicReader(options);
  try {
    await reader.reachEnd(options.timeoutMs ?? 120_000);
  } finally {
    await reader.stop();
  }
  return { records: reader.records, positions: reader.positions };
}
