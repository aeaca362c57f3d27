import type { Kafka } from "./kafka-handle.js";
import type { Logger } from "pino";
import type {
  Assignment,
  DeadLetterTarget,
  InputBatch,
  ProcessedBatch,
} from "./processed-batch.js";
import type { RecoveryPolicy } from "./recovery-policy.js";

/**
 * fetchMaxWaitMs for a processor off the path a notice takes (audit, status): it may wait longer
 * for a fuller batch than the default 100 ms. An empty fetch names every partition the processor
 * reads (kafkajs sends full fetch requests, no incremental sessions), and polling them ten times
 * a second was a third of audit's and status's idle CPU (bench/pipeline's idle line: 38 and 40
 * ms/s at 100 ms, 24 and 25 at 500).
 */
export const BACKGROUND_FETCH_MAX_WAIT_MS = 500;

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
  /**
   * A fetch waits for this many bytes (default 64 KiB), or for fetchMaxWaitMs (default 100 ms),
   * whichever comes first. Each batch costs a transaction of about nine requests whatever its
   * size, so while records trickle in, waiting a few milliseconds for more costs less CPU (in the
   * service and the broker) than a transaction per handful of records.
   */
  fetchMinBytes?: number;
  fetchMaxWaitMs?: number;
  /**
   * Commit the batches of all partitions fetched together in one transaction (default false:
   * one per partition). Only for a processBatch whose staged state is kept per partition number,
   * so that batches of different partitions can be staged side by side before either commits.
   */
  groupPartitions?: boolean;
  /** How often subscribed patterns are re-checked for new topics. */
  metadataMaxAgeMs?: number;
}
