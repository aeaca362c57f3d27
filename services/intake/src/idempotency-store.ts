import { createHash } from "node:crypto";
import { restoreChangelog, withTopicAdmin, type Kafka, type OutputRecord } from "@takedown/kafka";
import { z } from "zod";
import { KeptWork } from "./kept-work.js";

/** What was answered the first time, replayed for a retry with the same key and body. */
export const rememberedAnswerSchema = z.object({
  organId: z.string(),
  key: z.string(),
  fingerprint: z.string(),
  status: z.number().int(),
  body: z.unknown(),
  location: z.string().optional(),
  at: z.number().int(),
});
export type RememberedAnswer = z.infer<typeof rememberedAnswerSchema>;

export interface IdempotencyStoreOptions {
  kafka: Kafka;
  /** Compacted topic holding one record per (organ, key). */
  topic: string;
  /** How long a key is remembered (at least 24 h by the issue). */
  retentionMs?: number;
  now?: () => number;
}

/**
 * Idempotency-Key memory. The answer's record goes into the same Kafka transaction as the events
 * it answers for, so a key is remembered exactly when its events were published; a restart
 * reads the compacted topic back. Concurrent calls with one key wait for the first.
 */
export class IdempotencyStore {
  private readonly answers = new Map<string, RememberedAnswer>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly uncertain = new Set<string>();
  /** Next offset per `topic/partition` the changelog was read to. */
  private positions = new Map<string, bigint>();
  private currentCatchUp: Promise<void> | undefined;
  private nextCatchUp: Promise<void> | undefined;

  constructor(private readonly options: IdempotencyStoreOptions) {}

  private get retentionMs(): number {
    return this.options.retentionMs ?? 48 * 3_600_000;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  static scopeOf(organId: string, key: string): string {
    return `${organId}\n${key}`;
  }

  async start(): Promise<void> {
    this.positions = new Map();
    this.uncertain.clear();
    await this.readOn();
  }

  /**
   * Reads the changelog on from where the last read stopped to its end now, so the memory holds
   * every answer committed so far, including one whose commit this process could not confirm.
   * Calls while a read runs share the next one (a read that began earlier may have missed it).
   */
  catchUp(): Promise<void> {
    this.nextCatchUp ??= (this.currentCatchUp ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => {
        this.currentCatchUp = this.nextCatchUp;
        this.nextCatchUp = undefined;
        return this.readOn();
      })
      .finally(() => {
        this.currentCatchUp = undefined;
      });
    return this.nextCatchUp;
  }

  private async readOn(): Promise<void> {
    const offsets = await withTopicAdmin(this.options.kafka, (admin) =>
      admin.watermarks(this.options.topic),
    );
    const { positions } = await restoreChangelog({
      kafka: this.options.kafka,
      topic: this.options.topic,
      partitions: offsets.map((o) => o.partition),
      from: this.positions,
      onRecord: ({ message }) => {
        if (message.value === null) return;
        const parsed = rememberedAnswerSchema.safeParse(JSON.parse(message.value.toString("utf8")));
        if (parsed.success) this.remember(parsed.data);
      },
    });
    for (const [id, next] of positions)
      if (next > (this.positions.get(id) ?? -1n)) this.positions.set(id, next);
  }

  /**
   * Marks a key whose publish ended with its commit unconfirmed: the commit may have happened
   * (the coordinator completes one it logged), so before the key is used again the changelog
   * must be read on to learn whether it did.
   */
  markUncertain(organId: string, key: string): void {
    this.uncertain.add(IdempotencyStore.scopeOf(organId, key));
  }

  isUncertain(organId: string, key: string): boolean {
    return this.uncertain.has(IdempotencyStore.scopeOf(organId, key));
  }

  /** After a catch-up that began once the uncertain commit had ended either way. */
  clearUncertain(organId: string, key: string): void {
    this.uncertain.delete(IdempotencyStore.scopeOf(organId, key));
  }

  find(organId: string, key: string): RememberedAnswer | undefined {
    const answer = this.answers.get(IdempotencyStore.scopeOf(organId, key));
    if (answer === undefined || this.now() - answer.at > this.retentionMs) return undefined;
    return answer;
  }

  /** The changelog record to publish with the answered events. */
  recordOf(answer: RememberedAnswer): OutputRecord {
    const key = createHash("sha256")
      .update(IdempotencyStore.scopeOf(answer.organId, answer.key))
      .digest("hex");
    return { topic: this.options.topic, key, value: JSON.stringify(answer) };
  }

  remember(answer: RememberedAnswer): void {
    if (this.now() - answer.at > this.retentionMs) return;
    const scope = IdempotencyStore.scopeOf(answer.organId, answer.key);
    // Moved to the end: the map stays in the order the answers were given, oldest first.
    this.answers.delete(scope);
    this.answers.set(scope, answer);
    this.forgetExpired();
  }

  /** Answers held in memory (tests, metrics). */
  get size(): number {
    return this.answers.size;
  }

  /**
   * Drops the answers past retention from the front of the map. Without it every key ever used
   * stayed in memory (a request of 100 targets answers with some 12 KB) for the life of the
   * process; the topic already forgets them (compact,delete, 72 h). Answers read back from
   * several partitions at start are not strictly in time order: one behind a younger answer is
   * dropped once that one expires too.
   */
  private forgetExpired(): void {
    const horizon = this.now() - this.retentionMs;
    for (const [scope, answer] of this.answers) {
      if (answer.at >= horizon) return;
      this.answers.delete(scope);
    }
  }

  /**
   * Runs work for a key only after every earlier call with the same key has finished, including
   * what it handed on with `keep`: a publish that outlived its caller's answer (a deadline) still
   * holds the key, so a retry meanwhile cannot publish the request a second time; it waits, and
   * then finds the first answer if that publish committed. `wait` bounds each wait.
   */
  async exclusive<T>(
    organId: string,
    key: string,
    wait: (earlier: Promise<void>) => Promise<void>,
    work: (keep: (handedOn: Promise<unknown>) => void) => Promise<T>,
  ): Promise<T> {
    const scope = IdempotencyStore.scopeOf(organId, key);
    for (
      let running = this.inFlight.get(scope);
      running !== undefined;
      running = this.inFlight.get(scope)
    ) {
      await wait(running);
    }
    const kept = new KeptWork();
    const promise = work((handedOn) => kept.keep(handedOn));
    const held = promise.then(
      () => kept.settled(),
      () => kept.settled(),
    );
    this.inFlight.set(scope, held);
    void held.then(() => {
      if (this.inFlight.get(scope) === held) this.inFlight.delete(scope);
    });
    return promise;
  }
}
