import type { ConsumedRecord } from "./kafka-record.js";
import type { OutputRecord } from "./output-record.js";

export interface InputBatch {
  topic: string;
  partition: number;
  messages: ConsumedRecord[];
}

/**
 * What processBatch returns. The processor may call processBatch again for part of a batch (to
 * keep a transaction small, or to find the record that makes it fail), so nothing may become
 * visible before onCommit.
 */
export interface ProcessedBatch {
  records: OutputRecord[];
  /** Runs only after the transaction commits: the place to make staged state visible. */
  onCommit?: () => void;
  /**
   * Runs when the processor drops this result certain that none of it is visible: it was too
   * large for one transaction, held a record too large to write, or its transaction was aborted.
   * Staged state can be forgotten without reading the committed state again.
   */
  onDiscard?: () => void;
}

export interface Assignment {
  topic: string;
  partitions: number[];
}

/** Where a processor sets aside what it cannot process or write. */
export interface DeadLetterTarget {
  /** takedown.dlq.v1, or a test's own topic. */
  topic: string;
  /** The CloudEvents source of the service, e.g. "/takedown/routing". */
  source: string;
  /** The service's name in `record.rejected`. */
  rejectedBy: string;
}
