/**
 * Records as this package hands them out and takes them in. They are the project's own types (a
 * client's message type satisfies them structurally), so replacing the client changes nothing
 * outside this package.
 */
export type RecordHeaderValue = Buffer | string | (Buffer | string)[] | undefined;

/** A record read from a topic: key, value and header values as the broker stored them. */
export interface ConsumedRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, RecordHeaderValue>;
  /** The record's offset, a decimal string (offsets can pass 2^53). */
  offset: string;
  /** Milliseconds since the epoch, a decimal string. */
  timestamp: string;
}

/** A record to write to a topic given apart; without a partition, the key's partition. */
export interface RecordToSend {
  key: string | Buffer | null;
  value: Buffer | string | null;
  headers?: Record<string, string | Buffer>;
  partition?: number;
}
