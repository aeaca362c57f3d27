import type { Consumer, EachBatchPayload, Kafka, Producer } from "kafkajs";
import type { Logger } from "pino";
import { abortableSleep } from "./abortable-sleep.js";
import { BatchAbandoned, BatchRun, type BatchRunOptions } from "./batch-run.js";
import { CoPartitionedAssigner } from "./co-partitioned-assigner.js";
import { createKafkaError } from "./errors.js";
import { kafkaClientLog } from "./kafka-client-log.js";
import { PartitionLagProbe } from "./partition-lag-probe.js";
import type {
  Assignment,
  DeadLetterTarget,
  InputBatch,
  ProcessedBatch,
} from "./processed-batch.js";
import { ProcessorHealthTracker, type ProcessorHealth } from "./processor-health.js";
import { DEFAULT_MAX_REQUEST_BYTES } from "./produce-requests.js";
import {
  FailureRun,
  backoffDelay,
  defaultRecoveryPolicy,
  type RecoveryPolicy,
} from "./recovery-policy.js";
import { TransactionWriter } from "./transaction-writer.js";

export type { Assignment, InputBatch, ProcessedBatch } from "./processed-batch.js";

export interface TransactionalProcessorOptions {
  kafka: Kafka;
  groupId: string;
  /** Stable per instance: a restarted instance with the same id fences its dead predecessor. */
  transactionalId: string;
  topics: (string | RegExp)[];
  logger: Logger;
  processBatch: (batch: InputBatch) => Promise<ProcessedBatch> | ProcessedBatch;
  /** Called after every rebalance, before the first batch of the new assignment is processed. */
  onAssigned?: (assignment: Assignment[]) => Promise<void>;
  /**
   * Where a record goes that fails every time, or whose output can never be written. Without
   * it such a record stops the partition and, past the recovery bound, the processor.
   */
  deadLetter?: DeadLetterTarget;
  /** Called once when the processor cannot recover within `recovery`; main.ts exits non-zero. */
  onFatal?: (error: Error) => void;
  recovery?: Partial<RecoveryPolicy>;
  /** Attempts of a batch, and of a record alone, failing for other reasons than a fault (3). */
  poisonAttempts?: number;
  /** Record bytes per produce request (default 512 KiB); a larger record goes to the DLQ. */
  maxRequestBytes?: number;
  /** Output per transaction (default 8 MiB) before a batch is split over several. */
  maxTransactionBytes?: number;
  /** How often committed offsets and partition ends are read for the lag (default 10 s; 0 = never). */
  lagProbeIntervalMs?: number;
  sessionTimeoutMs?: number;
  maxBytesPerPartition?: number;
  /** How often subscribed patterns are re-checked for new topics. */
  metadataMaxAgeMs?: number;
}

interface Session {
  producer: Producer;
  consumer: Consumer | undefined;
  writer: TransactionWriter;
  abort: AbortController;
  crash: unknown;
}

/**
 * Consume → transform → produce, exactly once: each fetched batch becomes a transaction holding
 * its output records and the consumed offsets (sendOffsets), so a crash anywhere replays the
 * batch and its output is never seen twice by read_committed readers. One transaction per batch
 * (or per slice of a very large one), never per message: the transactional producer allows one
 * request in flight.
 *
 * It never stops silently: a consumer that crashes, a commit whose outcome is unknown, a fenced
 * producer all reconnect the consumer and producer with backoff (consumer groups re-read the
 * committed offsets, onAssigned restores state); a run of failures past the recovery bound calls
 * onFatal. health() tells /readyz and /metrics where it stands.
 */
export class TransactionalProcessor {
  private session: Session | undefined;
  private readonly tracker: ProcessorHealthTracker;
  private readonly policy: RecoveryPolicy;
  private readonly failures: FailureRun;
  private readonly probe: PartitionLagProbe;
  private readonly runOptions: BatchRunOptions;
  private lifetime = new AbortController();
  private restarting: Promise<void> | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private lastFailureAt = 0;
  /** Settles when the latest assignment's onAssigned has succeeded (retried until it does). */
  private assignmentReady: Promise<void> = Promise.resolve();
  /** Bumped by every assignment and by stop(), so a superseded set-up stops retrying. */
  private generation = 0;
  private readonly log: Logger;

  constructor(private readonly options: TransactionalProcessorOptions) {
    this.log = options.logger.child({
      component: "transactional-processor",
      groupId: options.groupId,
    });
    this.tracker = new ProcessorHealthTracker(options.groupId);
    this.policy = { ...defaultRecoveryPolicy, ...options.recovery };
    this.failures = new FailureRun(this.policy);
    this.probe = new PartitionLagProbe(options.kafka, options.groupId);
    const maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    this.runOptions = {
      processBatch: options.processBatch,
      deadLetter: options.deadLetter,
      maxRecordBytes: maxRequestBytes,
      maxTransactionBytes: Math.max(
        options.maxTransactionBytes ?? 8 * 1024 * 1024,
        maxRequestBytes,
      ),
      poisonAttempts: Math.max(1, options.poisonAttempts ?? 3),
      policy: this.policy,
      health: this.tracker,
      log: this.log,
    };
  }

  health(): ProcessorHealth {
    return this.tracker.snapshot();
  }

  async start(): Promise<void> {
    this.lifetime = new AbortController();
    kafkaClientLog(this.options.kafka).supervise(this.options.groupId);
    this.tracker.enter("starting");
    try {
      await this.open();
    } catch (error) {
      await this.close();
      this.tracker.enter("stopped");
      throw error;
    }
    const every = this.options.lagProbeIntervalMs ?? 10_000;
    if (every > 0) this.probeTimer = setInterval(() => void this.probeLag(), every).unref();
  }

  async stop(): Promise<void> {
    this.generation += 1;
    this.lifetime.abort();
    clearInterval(this.probeTimer);
    await this.restarting;
    await this.close();
    await this.probe.stop();
    if (this.tracker.current !== "failed") this.tracker.enter("stopped");
  }

  private async open(): Promise<void> {
    const { kafka, groupId } = this.options;
    const producer = kafka.producer({
      transactionalId: this.options.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    const writer = new TransactionWriter(producer, {
      groupId,
      maxRequestBytes: this.runOptions.maxRecordBytes,
    });
    const session: Session = {
      producer,
      consumer: undefined,
      writer,
      abort: new AbortController(),
      crash: undefined,
    };
    this.session = session;
    await producer.connect();
    // Before the consumer joins: the state restore of onAssigned then sees every transaction of
    // a predecessor (or of this instance's previous session) either committed or aborted.
    await writer.fence();
    const consumer = kafka.consumer({
      groupId,
      readUncommitted: false,
      partitionAssigners: [CoPartitionedAssigner],
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 1000,
      maxBytesPerPartition: this.options.maxBytesPerPartition ?? 1024 * 1024,
      metadataMaxAge: this.options.metadataMaxAgeMs ?? 30_000,
      // kafkajs restarts only some crashes and never says when it gave up: this class does it.
      retry: { restartOnFailure: () => Promise.resolve(false) },
    });
    session.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      if (this.session !== session) return;
      const assignment = Object.entries(event.payload.memberAssignment).map(
        ([topic, partitions]) => ({ topic, partitions: [...partitions] }),
      );
      this.log.info({ assignment }, "partitions assigned");
      this.tracker.assigned(assignment);
      this.tracker.enter("running");
      this.watchStability(session);
      this.setUpAssignment(assignment);
    });
    consumer.on(consumer.events.CRASH, (event) => {
      if (this.session !== session) return;
      session.crash = event.payload.error;
      this.crashed(event.payload.error);
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      // Batches of control records only never reach eachBatch, but move the position.
      if (payload.batchSize === 0 && this.session === session)
        this.tracker.fetched(
          payload.topic,
          payload.partition,
          payload.highWatermark,
          (BigInt(payload.lastOffset) + 1n).toString(),
        );
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.eachBatch(session, payload),
    });
  }

  private async eachBatch(session: Session, payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const alive = () => payload.isRunning() && !payload.isStale() && this.session === session;
    await this.awaitAssignment(payload, alive);
    const last = batch.messages[batch.messages.length - 1];
    if (!alive() || last === undefined) return;
    this.tracker.fetched(batch.topic, batch.partition, batch.highWatermark);
    const run = new BatchRun(
      this.runOptions,
      { topic: batch.topic, partition: batch.partition },
      {
        writer: session.writer,
        alive,
        heartbeat: () => payload.heartbeat(),
        signal: session.abort.signal,
        onFailure: (error) => this.failed(error),
        onCommitted: () => this.recovered(),
      },
    );
    try {
      // Past the last record: control records at the end of the batch are done with too.
      await run.run(batch.messages, (BigInt(batch.lastOffset()) + 1n).toString());
    } catch (error) {
      if (error instanceof BatchAbandoned) return;
      throw error;
    }
    payload.resolveOffset(last.offset);
    await payload.heartbeat();
  }

  /** Waits for onAssigned, heartbeating so the wait does not cost the assignment. */
  private async awaitAssignment(payload: EachBatchPayload, alive: () => boolean): Promise<void> {
    let ready = false;
    const settled = this.assignmentReady.then(() => (ready = true));
    while (!ready && alive()) {
      await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 1000))]);
      if (!ready) await payload.heartbeat();
    }
  }

  /**
   * Starts onAssigned for a new assignment at once (routing's deadlines must be restored even if
   * no record arrives). A failure (a restore meeting a broker hiccup) is retried with backoff
   * until it succeeds, a newer assignment supersedes it, or the recovery bound is passed.
   */
  private setUpAssignment(assignment: Assignment[]): void {
    const onAssigned = this.options.onAssigned;
    const generation = ++this.generation;
    if (onAssigned === undefined) return;
    const attempt = (n: number): Promise<void> =>
      onAssigned(assignment).catch(async (error: unknown) => {
        if (generation !== this.generation) throw error;
        this.failed(error);
        if (!this.failures.withinBound()) {
          this.fatal(error);
          throw error;
        }
        const delayMs = backoffDelay(this.policy, n);
        this.log.warn({ err: error, retryInMs: delayMs }, "assignment set-up failed; retrying");
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
        if (generation !== this.generation) throw error;
        return attempt(n + 1);
      });
    this.assignmentReady = attempt(1);
    // Batches await it; a superseded set-up's rejection needs no other handler.
    this.assignmentReady.catch(() => undefined);
  }

  private failed(error: unknown): void {
    this.lastFailureAt = Date.now();
    this.failures.failed();
    this.tracker.failed(error);
  }

  private recovered(): void {
    this.failures.ended();
    this.tracker.recovered();
  }

  /** A consumer that has run a while without failing ends a run of failures, commits or not. */
  private watchStability(session: Session): void {
    const check = () => {
      if (this.session !== session || this.lifetime.signal.aborted) return;
      const quiet = Date.now() - this.lastFailureAt;
      if (quiet >= this.policy.stableAfterMs) this.recovered();
      else setTimeout(check, this.policy.stableAfterMs - quiet).unref();
    };
    setTimeout(check, this.policy.stableAfterMs).unref();
  }

  private crashed(error: unknown): void {
    if (this.lifetime.signal.aborted) return;
    this.failed(error);
    this.tracker.enter("restarting");
    this.restarting ??= this.restart(error).finally(() => (this.restarting = undefined));
  }

  private async restart(cause: unknown): Promise<void> {
    let last = cause;
    for (;;) {
      const delayMs = this.failures.nextRestart();
      if (delayMs === undefined) return this.fatal(last);
      this.log.warn(
        { err: last, retryInMs: delayMs, restarts: this.failures.restarts },
        "consumer stopped; restarting it",
      );
      await this.close();
      await abortableSleep(delayMs, this.lifetime.signal);
      if (this.lifetime.signal.aborted) return;
      this.tracker.restarted();
      try {
        await this.open();
        const crash = this.session?.crash;
        if (crash === undefined) return;
        last = crash;
      } catch (error) {
        this.failed(error);
        last = error;
      }
    }
  }

  private fatal(cause: unknown): void {
    if (this.tracker.current === "failed") return;
    const seconds = Math.round(
      (Date.now() - (this.tracker.snapshot().failingSince ?? Date.now())) / 1000,
    );
    const error = createKafkaError("KAFKA_PROCESSOR_FAILED", {
      detail: `group ${this.options.groupId}: ${this.failures.restarts} restarts over ${seconds} s`,
      cause,
    });
    this.tracker.failed(error);
    this.tracker.enter("failed");
    this.lifetime.abort();
    void this.close();
    if (this.options.onFatal !== undefined) this.options.onFatal(error);
    else this.log.error({ err: error }, "processor failed; nothing restarts it");
  }

  private async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (session === undefined) return;
    session.abort.abort();
    const quietly = (error: unknown) => this.log.debug({ err: error }, "disconnect failed");
    await session.consumer?.disconnect().catch(quietly);
    await session.producer.disconnect().catch(quietly);
  }

  private async probeLag(): Promise<void> {
    if (this.tracker.current !== "running") return;
    try {
      this.tracker.probed(await this.probe.probe(this.tracker.assignedPartitions()));
    } catch (error) {
      this.log.debug({ err: error }, "lag probe failed");
    }
  }
}
