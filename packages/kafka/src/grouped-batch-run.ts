import type { KafkaMessage } from "kafkajs";
import type { BatchRunOptions } from "./batch-run.js";
import { deadLetterReasons } from "./dead-letter-reasons.js";
import type { ProcessedBatch } from "./processed-batch.js";
import { recordBytes } from "./produce-requests.js";
import { isRestartRequired, type TransactionWriter } from "./transaction-writer.js";

/** One partition's batch of a fetch, as eachBatch received it. */
export interface FetchedBatch {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
  /** Committed as the group's position once the batch's output is: past any control records. */
  nextOffset: string;
  /** False once the batch must be given up: the consumer stops, or a rebalance made it stale. */
  alive: () => boolean;
  heartbeat: () => Promise<void>;
}

export interface GroupControl {
  writer: TransactionWriter;
  signal: AbortSignal;
  onCommitted: () => void;
  /**
   * The batch through a transaction of its own, with BatchRun's retries, poison isolation and
   * splitting: true once committed, false if given up.
   */
  runAlone: (batch: FetchedBatch) => Promise<boolean>;
}

interface Ready {
  batch: FetchedBatch;
  processed: ProcessedBatch;
  sizes: number[];
  bytes: number;
}

/**
 * The batches of several partitions, fetched together, committed in one transaction instead of
 * one each. A transaction costs about nine requests and two markers per partition it writes,
 * whatever its size; at a steady trickle most batches are a handful of records, so the fixed
 * cost dominated the CPU of a service and of the broker. Whatever does not go smoothly, a batch
 * whose processing throws or whose output is too large, a transaction the broker refuses or a
 * fault, leaves the group and runs alone, where BatchRun retries, isolates and splits it as it
 * always did. processBatch must keep its staged state per partition number: the grouper never
 * puts two batches of one partition number (of co-partitioned topics) in the same group.
 */
export class GroupedBatchRun {
  constructor(
    private readonly options: BatchRunOptions,
    private readonly control: GroupControl,
  ) {}

  /** Per batch, in order: true once committed, false if given up. */
  async run(batches: readonly FetchedBatch[]): Promise<boolean[]> {
    const outcome = new Map<FetchedBatch, boolean>();
    const alone: FetchedBatch[] = [];
    const ready: Ready[] = [];
    for (const batch of batches) {
      if (this.control.signal.aborted || !batch.alive()) {
        outcome.set(batch, false);
        continue;
      }
      const processed = await this.process(batch);
      if (processed === undefined) alone.push(batch);
      else ready.push(processed);
    }
    for (const chunk of this.chunks(ready)) {
      const live = chunk.filter((item) => !this.control.signal.aborted && item.batch.alive());
      for (const item of chunk) {
        if (live.includes(item)) continue;
        item.processed.onDiscard?.();
        outcome.set(item.batch, false);
      }
      if (await this.write(live)) for (const item of live) outcome.set(item.batch, true);
      else alone.push(...live.map((item) => item.batch));
    }
    for (const batch of alone) outcome.set(batch, await this.control.runAlone(batch));
    return batches.map((batch) => outcome.get(batch) ?? false);
  }

  /** The batch's output if it can join the group's transaction, else undefined. */
  private async process(batch: FetchedBatch): Promise<Ready | undefined> {
    let processed: ProcessedBatch;
    try {
      processed = await this.options.processBatch({
        topic: batch.topic,
        partition: batch.partition,
        messages: batch.messages,
      });
    } catch {
      // Alone, BatchRun tells a fault from poison, counts it and retries or isolates.
      return undefined;
    }
    const sizes = processed.records.map(recordBytes);
    const bytes = sizes.reduce((sum, size) => sum + size, 0);
    const fits =
      bytes <= this.options.maxTransactionBytes &&
      sizes.every((size) => size <= this.options.maxRecordBytes);
    if (fits) return { batch, processed, sizes, bytes };
    processed.onDiscard?.();
    return undefined;
  }

  /** Consecutive runs of batches whose output together stays within maxTransactionBytes. */
  private chunks(ready: Ready[]): Ready[][] {
    const chunks: Ready[][] = [];
    let current: Ready[] = [];
    let bytes = 0;
    for (const item of ready) {
      if (current.length > 0 && bytes + item.bytes > this.options.maxTransactionBytes) {
        chunks.push(current);
        current = [];
        bytes = 0;
      }
      current.push(item);
      bytes += item.bytes;
    }
    if (current.length > 0) chunks.push(current);
    return chunks;
  }

  /** True once committed; false if aborted (nothing visible), so each batch may run alone. */
  private async write(items: Ready[]): Promise<boolean> {
    if (items.length === 0) return true;
    const records = items.flatMap((item) => item.processed.records);
    const consumed = items.map(({ batch }) => ({
      topic: batch.topic,
      partition: batch.partition,
      nextOffset: batch.nextOffset,
    }));
    try {
      await this.control.writer.write(
        records,
        items.flatMap((item) => item.sizes),
        consumed,
      );
    } catch (error) {
      // The outcome is unknown: only the committed offsets, read again on restart, can tell.
      if (isRestartRequired(error)) throw error;
      for (const item of items) item.processed.onDiscard?.();
      return false;
    }
    for (const { processed } of items) processed.onCommit?.();
    this.options.health.committed(
      consumed,
      deadLetterReasons(records, this.options.deadLetter?.topic),
    );
    this.control.onCommitted();
    await items[0]?.batch.heartbeat();
    return true;
  }
}
