import type { KafkaMessage } from "kafkajs";
import type { Logger } from "pino";
import { abortableSleep } from "./abortable-sleep.js";
import { deadLetterReasons } from "./dead-letter-reasons.js";
import { deadLetterRecord } from "./dead-letter-record.js";
import type { OutputRecord } from "./output-record.js";
import type { DeadLetterTarget, InputBatch, ProcessedBatch } from "./processed-batch.js";
import { failureKind, isRecordRefusal, reasonOf } from "./processing-failure.js";
import type { ProcessorHealthTracker } from "./processor-health.js";
import { recordBytes } from "./produce-requests.js";
import { backoffDelay, type RecoveryPolicy } from "./recovery-policy.js";
import {
  isRestartRequired,
  restartRequired,
  type TransactionWriter,
} from "./transaction-writer.js";

export interface BatchRunOptions {
  processBatch: (batch: InputBatch) => Promise<ProcessedBatch> | ProcessedBatch;
  deadLetter: DeadLetterTarget | undefined;
  /** A record over this can never be written (it would need a produce request of its own). */
  maxRecordBytes: number;
  /** Output past this is split over several transactions, each with its own consumed offset. */
  maxTransactionBytes: number;
  /** Attempts of a batch, and of a single record, that fails for a reason other than a fault. */
  poisonAttempts: number;
  policy: RecoveryPolicy;
  health: ProcessorHealthTracker;
  log: Logger;
}

export interface BatchControl {
  writer: TransactionWriter;
  /** False once the batch must be given up: the consumer stops, or a rebalance made it stale. */
  alive: () => boolean;
  heartbeat: () => Promise<void>;
  signal: AbortSignal;
  onFailure: (error: unknown) => void;
  onCommitted: () => void;
  /** False once the current run of failures has lasted longer than the recovery bound. */
  withinBound: () => boolean;
}

/** Thrown when the batch is given up; the consumer reads it again wherever it continues. */
export class BatchAbandoned extends Error {}

/** Messages processed as one transaction, and the offset committed after them. */
interface Slice {
  messages: KafkaMessage[];
  nextOffset: string;
}

type Reason = { code: string; message: string };

/**
 * One consumed batch through processBatch and into transactions. Output is cut into produce
 * requests (by the writer) and, past maxTransactionBytes, the input into several transactions.
 * A batch that keeps failing is halved until the failing record stands alone; that record goes
 * to the DLQ and the rest commits. Transient faults are retried, never sent to the DLQ; past
 * the policy's attempts the consumer is restarted instead.
 */
export class BatchRun {
  constructor(
    private readonly options: BatchRunOptions,
    private readonly batch: { topic: string; partition: number },
    private readonly control: BatchControl,
  ) {}

  run(messages: KafkaMessage[], nextOffset: string): Promise<void> {
    return this.slice({ messages, nextOffset }, true);
  }

  private async slice(slice: Slice, fresh: boolean): Promise<void> {
    // Halves of a failing batch get one try each: only the record found at the end gets more.
    const allowed = fresh || slice.messages.length === 1 ? this.options.poisonAttempts : 1;
    let failures = 0;
    let faults = 0;
    for (;;) {
      this.check();
      let processed: ProcessedBatch;
      try {
        processed = await this.options.processBatch({ ...this.batch, messages: slice.messages });
      } catch (error) {
        if (failureKind(error) === "transient") {
          await this.fault(error, (faults += 1));
          continue;
        }
        this.control.onFailure(error);
        failures += 1;
        if (failures < allowed) {
          this.options.health.retried("poison");
          await this.pause(100 * failures);
          continue;
        }
        return this.isolate(slice, reasonOf(error));
      }
      const sizes = processed.records.map(recordBytes);
      const oversize = sizes.findIndex((size) => size > this.options.maxRecordBytes);
      if (oversize >= 0) {
        processed.onDiscard?.();
        const record = processed.records[oversize];
        return this.isolate(slice, {
          code: "OUTPUT_TOO_LARGE",
          message: `an output record for ${record?.topic ?? "?"} is ${sizes[oversize]} bytes; a record may have at most ${this.options.maxRecordBytes}`,
        });
      }
      const bytes = sizes.reduce((sum, size) => sum + size, 0);
      if (bytes > this.options.maxTransactionBytes && slice.messages.length > 1) {
        processed.onDiscard?.();
        for (const part of parts(slice, Math.ceil(bytes / this.options.maxTransactionBytes)))
          await this.slice(part, true);
        return;
      }
      try {
        await this.write(processed.records, sizes, slice.nextOffset);
      } catch (error) {
        if (isRestartRequired(error)) throw error;
        // The transaction was aborted: nothing of it is visible, so trying again is safe.
        processed.onDiscard?.();
        if (isRecordRefusal(error)) {
          this.control.onFailure(error);
          return this.isolate(slice, reasonOf(error));
        }
        if (failureKind(error) === "transient") {
          await this.fault(error, (faults += 1));
          continue;
        }
        throw restartRequired("a transaction failed", error);
      }
      processed.onCommit?.();
      return;
    }
  }

  /** Halves a failing slice until the failing record stands alone, then sets it aside. */
  private async isolate(slice: Slice, reason: Reason): Promise<void> {
    const [only] = slice.messages;
    if (slice.messages.length === 1 && only !== undefined)
      return this.setAside(only, slice.nextOffset, reason);
    for (const part of parts(slice, 2)) await this.slice(part, false);
  }

  private async setAside(message: KafkaMessage, nextOffset: string, reason: Reason) {
    const target = this.options.deadLetter;
    const position = { ...this.batch, offset: message.offset, code: reason.code };
    if (target === undefined)
      throw restartRequired(`no DLQ to set aside ${JSON.stringify(position)}`, reason);
    const record = deadLetterRecord({
      dlqTopic: target.topic,
      source: target.source,
      rejectedBy: target.rejectedBy,
      read: { ...this.batch, message },
      reason,
      maxBytes: this.options.maxRecordBytes,
    });
    this.options.log.warn({ ...position, reason: reason.message }, "record set aside in the DLQ");
    for (let faults = 1; ; faults += 1) {
      this.check();
      try {
        return await this.write([record], [recordBytes(record)], nextOffset);
      } catch (error) {
        if (isRestartRequired(error) || failureKind(error) !== "transient")
          throw restartRequired("a DLQ record could not be written", error);
        await this.fault(error, faults);
      }
    }
  }

  private async write(records: readonly OutputRecord[], sizes: number[], nextOffset: string) {
    const consumed = [{ ...this.batch, nextOffset }];
    await this.control.writer.write(records, sizes, consumed);
    this.options.health.committed(
      consumed,
      deadLetterReasons(records, this.options.deadLetter?.topic),
    );
    this.control.onCommitted();
  }

  /** A transient fault: wait and try again, or restart the consumer once retries run out. */
  private async fault(error: unknown, attempt: number): Promise<void> {
    this.control.onFailure(error);
    if (attempt > this.options.policy.transientAttempts || !this.control.withinBound())
      throw restartRequired(`a transient fault persisted over ${attempt - 1} retries`, error);
    this.options.health.retried("transient");
    const delayMs = backoffDelay(this.options.policy, attempt);
    this.options.log.warn(
      { err: error, ...this.batch, attempt, retryInMs: delayMs },
      "transient fault; retrying the batch",
    );
    await this.pause(delayMs);
  }

  /** Waits, heartbeating so the group keeps the partition, and gives up if the batch is stale. */
  private async pause(ms: number): Promise<void> {
    const until = Date.now() + ms;
    for (let left = ms; left > 0; left = until - Date.now()) {
      await abortableSleep(Math.min(left, 1000), this.control.signal);
      this.check();
      await this.control.heartbeat();
    }
  }

  private check(): void {
    if (this.control.signal.aborted || !this.control.alive()) throw new BatchAbandoned();
  }
}

/** The slice cut into `count` runs of consecutive records; the last keeps the slice's end. */
function parts(slice: Slice, count: number): Slice[] {
  const size = Math.ceil(slice.messages.length / Math.max(1, count));
  const result: Slice[] = [];
  for (let start = 0; start < slice.messages.length; start += size) {
    const messages = slice.messages.slice(start, start + size);
    const last = messages[messages.length - 1];
    const end = start + size >= slice.messages.length;
    result.push({
      messages,
      nextOffset:
        end || last === undefined ? slice.nextOffset : (BigInt(last.offset) + 1n).toString(),
    });
  }
  return result;
}
