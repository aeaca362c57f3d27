import type { Producer, Transaction } from "kafkajs";
import { clientOf, type Kafka } from "./kafka-handle.js";
import type { Logger } from "pino";
import { createKafkaError } from "./errors.js";
import { toTopicMessages, type OutputRecord } from "./output-record.js";
import { DEFAULT_MAX_REQUEST_BYTES, recordBytes, splitIntoRequests } from "./produce-requests.js";

interface Pending {
  records: readonly OutputRecord[];
  /** Each record's weight (recordBytes), measured once when it is sent. */
  sizes: number[];
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * One transactional id and the kafkajs producer that holds it. A slot serves one transaction at a
 * time: it is idle again only once its transaction has ended (committed or aborted), and one that
 * did not end cleanly is fenced (a new producer, a new epoch) before it takes another.
 */
interface Slot {
  transactionalId: string;
  producer: Producer;
  /** Not initialised, or its last transaction failed: renew before the next one. */
  broken: boolean;
}

export interface BatchingProducerOptions {
  kafka: Kafka;
  transactionalId: string;
  logger: Logger;
  /** How long the first waiting group holds the door for others. */
  lingerMs?: number;
  /** Groups per transaction at most. */
  maxGroups?: number;
  /**
   * Record bytes per produce request (default 512 KiB). kafkajs puts everything for a partition
   * into one record batch, and the broker refuses a batch over `message.max.bytes` (1 MiB by
   * default), so a transaction's records are sent in several requests under this budget. A
   * single record over it is refused before it can abort the groups that share its transaction.
   */
  maxRequestBytes?: number;
  /** Record bytes per transaction (default 8 MiB), so one large group does not hold up the rest. */
  maxTransactionBytes?: number;
  /**
   * Transactional ids (`<transactionalId>-<n>`, default 4). Each carries one transaction at a
   * time; the one idle longest takes the next.
   */
  producers?: number;
  /**
   * Transactions open at once, each on its own transactional id (default 2, at most
   * `producers - 1` so the id that committed last gets a rest before it is taken again).
   */
  maxInFlight?: number;
}

/**
 * Coalesces concurrent callers into one transaction: each `send(records)` is a group that is
 * published atomically (all or none) and resolves only after the transaction holding it commits.
 * kafkajs sends one request per awaited send and a transactional producer allows one in flight,
 * so without this the intake's throughput is one round trip per HTTP request.
 */
export class BatchingTransactionalProducer {
  private slots: Slot[] = [];
  /** Slots without an open transaction, the longest idle first. */
  private idle: Slot[] = [];
  private queue: Pending[] = [];
  private readonly flushing = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private readonly batchSizes: number[] = [];
  private stopping = false;

  constructor(private readonly options: BatchingProducerOptions) {}

  private get maxInFlight(): number {
    const wanted = this.options.maxInFlight ?? 2;
    return Math.max(1, Math.min(wanted, this.slots.length - 1));
  }

  async start(): Promise<void> {
    // The broker writes a transaction's markers just after acknowledging its commit, and the same
    // transactional id is refused (CONCURRENT_TRANSACTIONS, retried after kafkajs' backoff) until
    // it has: taking turns between ids lets the next transaction start at once. Measured here:
    // 72 ms per transaction with one id, 11 ms with two in a bare loop.
    this.stopping = false;
    const count = Math.max(1, this.options.producers ?? 4);
    for (let i = 0; i < count; i += 1) {
      const transactionalId =
        count === 1 ? this.options.transactionalId : `${this.options.transactionalId}-${i}`;
      const slot: Slot = {
        transactionalId,
        producer: this.producerFor(transactionalId),
        broken: true,
      };
      // Listed before connecting, so stop() disconnects it even if starting fails half-way.
      this.slots.push(slot);
      await slot.producer.connect();
      this.idle.push(slot);
    }
    // Each id takes its epoch now, fencing whatever producer a previous process left with it. A
    // coordinator that is not ready yet (a fresh broker) is not fatal: the id's first
    // transaction renews it.
    await Promise.all(
      this.slots.map((slot) =>
        this.takeEpoch(slot).catch((error: unknown) => {
          this.options.logger.warn({ err: error, id: slot.transactionalId }, "epoch not taken yet");
        }),
      ),
    );
  }

  private producerFor(transactionalId: string): Producer {
    return clientOf(this.options.kafka).producer({
      transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
    });
  }

  /**
   * A new producer for the slot's id. Its InitProducerId gives the id a new epoch, which fences
   * the old producer and ends whatever transaction it left open: the coordinator completes one
   * whose commit it had logged and aborts any other, so nothing of it can commit afterwards.
   * kafkajs cannot retry a failed EndTxn or begin again after one, so this is how the id is reused.
   */
  private async renew(slot: Slot): Promise<void> {
    slot.broken = true;
    await slot.producer.disconnect().catch(() => undefined);
    slot.producer = this.producerFor(slot.transactionalId);
    await slot.producer.connect();
    await this.takeEpoch(slot);
  }

  private async takeEpoch(slot: Slot): Promise<void> {
    // kafkajs asks for the producer id on the first transaction; an empty one ends without EndTxn.
    const empty = await slot.producer.transaction();
    await empty.abort();
    slot.broken = false;
  }

  /** Publishes the records atomically; resolves after commit, rejects if the transaction aborts. */
  send(records: readonly OutputRecord[]): Promise<void> {
    if (this.slots.length === 0 || this.stopping)
      return Promise.reject(new Error("producer is not started"));
    const sizes = records.map(recordBytes);
    let bytes = 0;
    for (const [index, record] of records.entries()) {
      const size = sizes[index] ?? 0;
      if (size > this.maxRequestBytes) {
        return Promise.reject(
          createKafkaError("KAFKA_RECORD_TOO_LARGE", {
            detail: `${size} bytes for ${record.topic}, at most ${this.maxRequestBytes}`,
          }),
        );
      }
      bytes += size;
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ records, sizes, bytes, resolve, reject });
      if (this.queue.length >= (this.options.maxGroups ?? 500)) this.kick(0);
      else this.kick(this.options.lingerMs ?? 2);
    });
  }

  /** Sizes (groups per transaction) of recent transactions, for metrics. */
  takeBatchSizes(): number[] {
    return this.batchSizes.splice(0);
  }

  private kick(delayMs: number): void {
    // A full set of open transactions picks the queue up when one of them ends.
    if (this.stopping || !this.canOpen() || this.queue.length === 0) return;
    if (this.timer !== undefined && delayMs > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.canOpen()) return;
      this.open(() => this.kick(0));
      // While one transaction commits, the next one may already gather its groups.
      if (this.queue.length > 0) this.kick(this.options.lingerMs ?? 2);
    }, delayMs);
  }

  private canOpen(): boolean {
    return this.flushing.size < this.maxInFlight && this.idle.length > 0;
  }

  /**
   * Starts a transaction on the slot idle the longest. The slot is idle again only when the
   * transaction has ended for good: a transaction slowed by retries is never overtaken on its own
   * id (kafkajs then refuses with "There is already an ongoing transaction").
   */
  private open(then: () => void): void {
    const slot = this.idle.shift();
    if (slot === undefined) return;
    const flush: Promise<void> = this.flush(slot).finally(() => {
      this.idle.push(slot);
      this.flushing.delete(flush);
      // Groups that queued while every transaction was busy have waited long enough.
      then();
    });
    this.flushing.add(flush);
  }

  private get maxRequestBytes(): number {
    return this.options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  }

  /** The queue's first groups, up to the group and byte limits (always at least one group). */
  private takeGroups(): Pending[] {
    const maxGroups = this.options.maxGroups ?? 500;
    const maxBytes = this.options.maxTransactionBytes ?? 8 * 1024 * 1024;
    let count = 0;
    let bytes = 0;
    for (const group of this.queue) {
      if (count === maxGroups || (count > 0 && bytes + group.bytes > maxBytes)) break;
      count += 1;
      bytes += group.bytes;
    }
    return this.queue.splice(0, count);
  }

  /** One transaction of the queue's first groups on the slot; never rejects. */
  private async flush(slot: Slot): Promise<void> {
    const groups = this.takeGroups();
    if (groups.length === 0) return;
    const fail = (error: unknown): void => {
      for (const g of groups) g.reject(error);
    };
    if (slot.broken) {
      try {
        await this.renew(slot);
      } catch (error) {
        fail(error);
        return;
      }
    }
    const outcome = await this.transact(slot, groups);
    if (outcome.committed) {
      this.batchSizes.push(groups.length);
      for (const g of groups) g.resolve();
      return;
    }
    // After any failed transaction the id is renewed before its next one: a fenced producer
    // would fail every transaction it begins, after a failed commit or abort kafkajs can neither
    // abort nor begin again, and after a failed send its sequence numbers may be behind the
    // broker's (see transact). An aborted transaction can no longer commit, so its callers may
    // hear at once; one whose end is unknown is ended by the renewal first, so a caller's retry
    // cannot overlap it.
    if (outcome.ended) fail(outcome.error);
    await this.renew(slot).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, "renewing the producer failed; retried on next use");
    });
    if (outcome.ended) return;
    // A commit that failed on the wire may still have been logged by the coordinator, which then
    // completes it: the callers must not take it for an abort (a retry would publish twice).
    fail(
      outcome.uncertain
        ? createKafkaError("KAFKA_COMMIT_UNCERTAIN", { cause: outcome.error })
        : outcome.error,
    );
  }

  /**
   * Resolves once no transaction of this producer is left with an unknown end: every id whose
   * last transaction failed is renewed now (its new epoch makes the coordinator complete a logged
   * commit and abort anything else). After this, reading the topics read committed shows whether
   * an uncertain commit happened. Rejects when an id cannot be renewed (the cluster is away).
   */
  async settle(): Promise<void> {
    const broken = this.idle.filter((slot) => slot.broken);
    // Taken out of the idle list while renewing so no transaction starts on a half-renewed id.
    this.idle = this.idle.filter((slot) => !slot.broken);
    try {
      for (const slot of broken) await this.renew(slot);
    } finally {
      this.idle.push(...broken);
      this.kick(0);
    }
  }

  private async transact(
    slot: Slot,
    groups: readonly Pending[],
  ): Promise<
    { committed: true } | { committed: false; ended: boolean; uncertain: boolean; error: unknown }
  > {
    let transaction: Transaction;
    try {
      transaction = await slot.producer.transaction();
    } catch (error) {
      // InitProducerId failed or kafkajs' state is not READY: start again from a new producer.
      return { committed: false, ended: true, uncertain: false, error };
    }
    try {
      const records = groups.flatMap((g) => g.records);
      const sizes = groups.flatMap((g) => g.sizes);
      for (const request of splitIntoRequests(records, sizes, this.maxRequestBytes)) {
        await transaction.sendBatch({ topicMessages: toTopicMessages(request), acks: -1 });
      }
    } catch (error) {
      this.options.logger.warn({ err: error, groups: groups.length }, "transaction aborted");
      const ended = await transaction.abort().then(
        () => true,
        (abortError: unknown) => {
          this.options.logger.warn({ err: abortError }, "abort failed");
          return false;
        },
      );
      // Always renewed, even after a clean abort: kafkajs takes a failed request's sequence numbers
      // back, yet a request that timed out or lost its connection may have been written. Reused in
      // the next transaction with as many records, they make the broker take its batch for a
      // duplicate of the aborted one and drop it while the commit succeeds; with a new epoch the
      // sequence numbers start again.
      return { committed: false, ended, uncertain: false, error };
    }
    try {
      await transaction.commit();
      return { committed: true };
    } catch (error) {
      this.options.logger.warn({ err: error, groups: groups.length }, "commit failed");
      return { committed: false, ended: false, uncertain: true, error };
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0 || this.flushing.size > 0) {
      if (this.queue.length > 0 && this.canOpen()) this.open(() => undefined);
      else await Promise.race(this.flushing);
    }
    this.idle = [];
    for (const slot of this.slots.splice(0))
      await slot.producer.disconnect().catch(() => undefined);
  }
}
