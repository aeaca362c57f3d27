import type { ConsumedPosition } from "./transaction-writer.js";
import { reasonOf } from "./processing-failure.js";

/** Where a processor's consumer is in its life. */
export type ConsumerState = "starting" | "running" | "restarting" | "failed" | "stopped";

export interface PartitionHealth {
  topic: string;
  partition: number;
  /** The group's committed offset (the next record to process); null before any commit. */
  committedOffset: string | null;
  /** The partition's end as last seen (by a fetch or a probe); null before it was seen. */
  highWatermark: string | null;
  /** Records not yet processed; null while either end is unknown. */
  lag: number | null;
}

export interface ProcessorHealth {
  groupId: string;
  state: ConsumerState;
  /** When the state was entered (ms since epoch). */
  stateSince: number;
  /** Restarts of the consumer since start() (crashes, failed commits, fencing…). */
  restarts: number;
  /** Start of the current run of failures; undefined while processing goes well. */
  failingSince: number | undefined;
  /** The last failure, as `code: message` (error messages only, never record contents). */
  lastError: string | undefined;
  lastCommitAt: number | undefined;
  /** Transactions committed since start(). */
  transactions: number;
  /** Transient faults retried and poison attempts repeated, by kind. */
  retries: { transient: number; poison: number };
  partitions: PartitionHealth[];
  /** Records this processor wrote to the DLQ, by reason code. */
  deadLetters: Record<string, number>;
}

interface PartitionState {
  topic: string;
  partition: number;
  committed: bigint | undefined;
  /** Past committed: control records and aborted data kafkajs skipped without a batch for us. */
  position: bigint | undefined;
  highWatermark: bigint | undefined;
  /** Where reading starts while nothing is committed (the consumer reads from the beginning). */
  lowWatermark: bigint | undefined;
}

const keyOf = (topic: string, partition: number) => `${topic}\u0000${partition}`;
const max = (a: bigint | undefined, b: bigint | undefined) =>
  a === undefined ? b : b === undefined ? a : a > b ? a : b;

/** What a TransactionalProcessor knows about itself, as one snapshot for /readyz and /metrics. */
export class ProcessorHealthTracker {
  private state: ConsumerState = "stopped";
  private stateSince = Date.now();
  private restarts = 0;
  private failingSince: number | undefined;
  private lastError: string | undefined;
  private lastCommitAt: number | undefined;
  private transactions = 0;
  private readonly retries = { transient: 0, poison: 0 };
  private partitions = new Map<string, PartitionState>();
  private readonly deadLetters = new Map<string, number>();

  constructor(private readonly groupId: string) {}

  get current(): ConsumerState {
    return this.state;
  }

  enter(state: ConsumerState): void {
    if (state === this.state) return;
    this.state = state;
    this.stateSince = Date.now();
  }

  restarted(): void {
    this.restarts += 1;
  }

  /** A failure, whatever comes of it; the first of a run starts the failure clock. */
  failed(error: unknown): void {
    this.failingSince ??= Date.now();
    const { code, message } = reasonOf(error);
    this.lastError = `${code}: ${message}`;
  }

  recovered(): void {
    this.failingSince = undefined;
  }

  retried(kind: "transient" | "poison"): void {
    this.retries[kind] += 1;
  }

  /** The partitions of a new assignment; what is known of partitions kept stays. */
  assigned(assignment: readonly { topic: string; partitions: readonly number[] }[]): void {
    const next = new Map<string, PartitionState>();
    for (const { topic, partitions } of assignment) {
      for (const partition of partitions) {
        const key = keyOf(topic, partition);
        next.set(key, this.partitions.get(key) ?? this.blank(topic, partition));
      }
    }
    this.partitions = next;
  }

  /** A transaction committed the consumed positions of one partition or several. */
  committed(positions: readonly ConsumedPosition[], deadLetters: readonly string[]): void {
    this.transactions += 1;
    this.lastCommitAt = Date.now();
    for (const { topic, partition, nextOffset } of positions) {
      const state = this.partition(topic, partition);
      state.committed = max(state.committed, BigInt(nextOffset));
    }
    for (const reason of deadLetters)
      this.deadLetters.set(reason, (this.deadLetters.get(reason) ?? 0) + 1);
  }

  /** A fetch saw the partition's end; `position` is where kafkajs continues reading. */
  fetched(topic: string, partition: number, highWatermark: string, position?: string): void {
    const state = this.partition(topic, partition);
    state.highWatermark = BigInt(highWatermark);
    if (position !== undefined) state.position = max(state.position, BigInt(position));
  }

  /** Offsets read from the cluster (group offsets and partition ends). */
  probed(
    offsets: readonly {
      topic: string;
      partition: number;
      committed?: string;
      highWatermark?: string;
      lowWatermark?: string;
    }[],
  ): void {
    for (const probe of offsets) {
      const state = this.partitions.get(keyOf(probe.topic, probe.partition));
      if (state === undefined) continue;
      if (probe.committed !== undefined && BigInt(probe.committed) >= 0n)
        state.committed = max(state.committed, BigInt(probe.committed));
      if (probe.highWatermark !== undefined) state.highWatermark = BigInt(probe.highWatermark);
      if (probe.lowWatermark !== undefined) state.lowWatermark = BigInt(probe.lowWatermark);
    }
  }

  assignedPartitions(): { topic: string; partition: number }[] {
    return [...this.partitions.values()].map(({ topic, partition }) => ({ topic, partition }));
  }

  snapshot(): ProcessorHealth {
    const partitions = [...this.partitions.values()].map((p): PartitionHealth => {
      const done = max(p.committed, p.position) ?? p.lowWatermark;
      const lag =
        done === undefined || p.highWatermark === undefined
          ? null
          : Number(p.highWatermark > done ? p.highWatermark - done : 0n);
      return {
        topic: p.topic,
        partition: p.partition,
        committedOffset: p.committed === undefined ? null : p.committed.toString(),
        highWatermark: p.highWatermark === undefined ? null : p.highWatermark.toString(),
        lag,
      };
    });
    return {
      groupId: this.groupId,
      state: this.state,
      stateSince: this.stateSince,
      restarts: this.restarts,
      failingSince: this.failingSince,
      lastError: this.lastError,
      lastCommitAt: this.lastCommitAt,
      transactions: this.transactions,
      retries: { ...this.retries },
      partitions,
      deadLetters: Object.fromEntries(this.deadLetters),
    };
  }

  private partition(topic: string, partition: number): PartitionState {
    const key = keyOf(topic, partition);
    let state = this.partitions.get(key);
    if (state === undefined) {
      state = this.blank(topic, partition);
      this.partitions.set(key, state);
    }
    return state;
  }

  private blank(topic: string, partition: number): PartitionState {
    return {
      topic,
      partition,
      committed: undefined,
      position: undefined,
      highWatermark: undefined,
      lowWatermark: undefined,
    };
  }
}
