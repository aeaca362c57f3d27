import type { EachBatchPayload } from "kafkajs";
import type { AssignmentGate } from "./assignment-gate.js";
import { BatchGrouper } from "./batch-grouper.js";
import { BatchAbandoned, BatchRun, type BatchRunOptions } from "./batch-run.js";
import { GroupedBatchRun, type FetchedBatch } from "./grouped-batch-run.js";
import type { ProcessorHealthTracker } from "./processor-health.js";
import type { TransactionWriter } from "./transaction-writer.js";

/** Partitions of one fetch handed to eachBatch side by side when they share transactions. */
const GROUPED_PARTITIONS = 64;

export interface BatchDispatchOptions {
  run: BatchRunOptions;
  /** The session's producer, one transaction at a time. */
  writer: TransactionWriter;
  /** Aborted when the session closes. */
  signal: AbortSignal;
  /** The partitions of a fetch share transactions (TransactionalProcessorOptions.groupPartitions). */
  grouped: boolean;
  gate: AssignmentGate;
  tracker: ProcessorHealthTracker;
  /** False once the processor moved on to another session. */
  current: () => boolean;
  onFailure: (error: unknown) => void;
  onCommitted: () => void;
  withinBound: () => boolean;
}

/**
 * Hands each batch kafkajs fetched in one consumer session to transactions: alone through
 * BatchRun, or gathered with the other partitions of its fetch into one GroupedBatchRun. The
 * offset is resolved only for a batch that committed.
 */
export class BatchDispatch {
  private readonly grouper: BatchGrouper<FetchedBatch> | undefined;

  constructor(private readonly options: BatchDispatchOptions) {
    this.grouper = options.grouped
      ? new BatchGrouper((batches) => this.runGroup(batches))
      : undefined;
  }

  /** kafkajs' partitionsConsumedConcurrently for this dispatch. */
  get concurrency(): number {
    return this.grouper === undefined ? 1 : GROUPED_PARTITIONS;
  }

  async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { gate, tracker, current } = this.options;
    const alive = () => payload.isRunning() && !payload.isStale() && current();
    await gate.wait(alive, () => payload.heartbeat());
    const last = batch.messages[batch.messages.length - 1];
    if (!alive() || last === undefined) return;
    tracker.fetched(batch.topic, batch.partition, batch.highWatermark);
    const fetched: FetchedBatch = {
      topic: batch.topic,
      partition: batch.partition,
      messages: batch.messages,
      // Past the last record: control records at the end of the batch are done with too.
      nextOffset: (BigInt(batch.lastOffset()) + 1n).toString(),
      alive,
      heartbeat: () => payload.heartbeat(),
    };
    const committed = await (this.grouper?.submit(fetched) ?? this.runAlone(fetched));
    if (!committed) return;
    payload.resolveOffset(last.offset);
    await payload.heartbeat();
  }

  private runGroup(batches: FetchedBatch[]): Promise<boolean[]> {
    const run = new GroupedBatchRun(this.options.run, {
      writer: this.options.writer,
      signal: this.options.signal,
      onCommitted: this.options.onCommitted,
      runAlone: (batch) => this.runAlone(batch),
    });
    return run.run(batches);
  }

  /** The batch in transactions of its own: true once committed, false if given up. */
  private async runAlone(batch: FetchedBatch): Promise<boolean> {
    const run = new BatchRun(
      this.options.run,
      { topic: batch.topic, partition: batch.partition },
      {
        writer: this.options.writer,
        alive: batch.alive,
        heartbeat: batch.heartbeat,
        signal: this.options.signal,
        onFailure: this.options.onFailure,
        onCommitted: this.options.onCommitted,
        withinBound: this.options.withinBound,
      },
    );
    try {
      await run.run(batch.messages, batch.nextOffset);
      return true;
    } catch (error) {
      if (error instanceof BatchAbandoned) return false;
      throw error;
    }
  }
}
