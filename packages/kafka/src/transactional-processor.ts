import type { Consumer, Producer } from "kafkajs";
import type { Logger } from "pino";
import { abortableSleep } from "./abortable-sleep.js";
import { AssignmentGate } from "./assignment-gate.js";
import { BatchDispatch } from "./batch-dispatch.js";
import type { BatchRunOptions } from "./batch-run.js";
import { CoPartitionedAssigner } from "./co-partitioned-assigner.js";
import { createKafkaError } from "./errors.js";
import { kafkaClientLog } from "./kafka-client-log.js";
import { clientOf } from "./kafka-handle.js";
import { PartitionLagProbe } from "./partition-lag-probe.js";
import { ProcessorHealthTracker, type ProcessorHealth } from "./processor-health.js";
import { DEFAULT_MAX_REQUEST_BYTES } from "./produce-requests.js";
import { FailureRun, defaultRecoveryPolicy, type RecoveryPolicy } from "./recovery-policy.js";
import { TransactionWriter } from "./transaction-writer.js";
import type { TransactionalProcessorOptions } from "./transactional-processor-options.js";

export type { Assignment, InputBatch, ProcessedBatch } from "./processed-batch.js";
export type { TransactionalProcessorOptions } from "./transactional-processor-options.js";

interface Session {
  producer: Producer;
  consumer: Consumer | undefined;
  writer: TransactionWriter;
  dispatch: BatchDispatch;
  abort: AbortController;
  crash: unknown;
}

/**
 * Consume → transform → produce, exactly once: each fetched batch becomes a transaction holding
 * its output records and the consumed offsets (sendOffsets), so a crash anywhere replays the
 * batch and its output is never seen twice by read_committed readers. One transaction per batch
 * (or per slice of a very large one), never per message: the transactional producer allows one
 * request in flight. With groupPartitions, the batches of one fetch share a transaction.
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
  private readonly gate: AssignmentGate;
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
    this.gate = new AssignmentGate({
      onAssigned: options.onAssigned,
      policy: this.policy,
      log: this.log,
      onFailure: (error) => {
        this.failed(error);
        return this.failures.withinBound();
      },
      onGiveUp: (error) => this.fatal(error),
    });
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
    this.gate.cancel();
    this.lifetime.abort();
    clearInterval(this.probeTimer);
    await this.restarting;
    await this.close();
    await this.probe.stop();
    if (this.tracker.current !== "failed") this.tracker.enter("stopped");
  }

  private async open(): Promise<void> {
    const { groupId } = this.options;
    const kafka = clientOf(this.options.kafka);
    const producer = kafka.producer({
      transactionalId: this.options.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    const writer = new TransactionWriter(producer, {
      groupId,
      maxRequestBytes: this.runOptions.maxRecordBytes,
    });
    const abort = new AbortController();
    const session: Session = {
      producer,
      consumer: undefined,
      writer,
      dispatch: new BatchDispatch({
        run: this.runOptions,
        writer,
        signal: abort.signal,
        grouped: this.options.groupPartitions === true,
        gate: this.gate,
        tracker: this.tracker,
        current: () => this.session === session,
        onFailure: (error) => this.failed(error),
        onCommitted: () => this.recovered(),
        withinBound: () => this.failures.withinBound(),
      }),
      abort,
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
      minBytes: this.options.fetchMinBytes ?? 64 * 1024,
      maxWaitTimeInMs: this.options.fetchMaxWaitMs ?? 100,
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
      this.gate.assigned(assignment);
      // Partitions that deliver nothing show their lag only through a probe.
      void this.probeLag();
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
      partitionsConsumedConcurrently: session.dispatch.concurrency,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => session.dispatch.eachBatch(payload),
    });
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
    if (this.restarting !== undefined) return;
    const restarting = this.restart(error).catch((failure: unknown) => this.fatal(failure));
    this.restarting = restarting;
    void restarting.finally(() => {
      if (this.restarting !== restarting) return;
      this.restarting = undefined;
      // A session that crashed after the loop saw it healthy, before the loop was done.
      const crash = this.session?.crash;
      if (crash !== undefined && this.tracker.current !== "failed") this.crashed(crash);
    });
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
    const why = cause instanceof Error ? `; last: ${cause.message}` : "";
    const error = createKafkaError("KAFKA_PROCESSOR_FAILED", {
      detail: `group ${this.options.groupId}: ${this.failures.restarts} restarts over ${seconds} s${why}`,
      cause,
    });
    this.tracker.failed(error);
    this.tracker.enter("failed");
    this.lifetime.abort();
    void this.close();
    const onFatal = this.options.onFatal;
    if (onFatal === undefined) {
      this.log.error({ err: error }, "processor failed; nothing restarts it");
      return;
    }
    try {
      onFatal(error);
    } catch (handlerError) {
      this.log.error({ err: handlerError, cause: error.message }, "onFatal failed");
    }
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
