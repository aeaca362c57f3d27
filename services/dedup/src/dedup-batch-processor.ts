import {
  cloudEventHeaders,
  decodeEvent,
  defaultEventRegistry,
  encodeEvent,
  topics,
  type AnyTakedownEvent,
  type Rejection,
} from "@takedown/contracts";
import {
  deadLetterRecord,
  partitionOfKey,
  type InputBatch,
  type ConsumedRecord,
  type OutputRecord,
  type ProcessedBatch,
} from "@takedown/kafka";
import { assertNever } from "@takedown/errors";
import type { Logger } from "pino";
import { CaseDeduplicator, DEDUP_SOURCE, type DedupDecision } from "./case-deduplicator.js";
import type { CaseStore } from "./case-store.js";
import { encodeChangelogValue } from "./changelog-value.js";
import type { DedupTopics } from "./dedup-topics.js";
import type { StagedCases } from "./staged-cases.js";

export interface DedupBatchProcessorOptions {
  store: CaseStore;
  topics: DedupTopics;
  /** Partition count shared by the targets, cases and state topics. */
  partitionCount: number;
  logger: Logger;
}

const nothing: DedupDecision = { kind: "emit", events: [] };
/** Every readable major of them (v1 records of case.opened/merged precede v2, issue 13). */
const OWN_TYPES = new Set(
  defaultEventRegistry.definitions
    .filter((d) => ["case.opened", "case.merged", "case.withdrawn", "case.info_provided"].includes(d.type))
    .map((d) => d.id as string),
);

/**
 * Dedup reads its own membership events back from the cases topic (it shares the topic with
 * routing's state changes). They change nothing and were validated when written, so they are
 * passed over by their headers instead of decoded: about half of what dedup reads.
 */
function isOwnMembershipEvent(message: ConsumedRecord): boolean {
  const type = message.headers?.[cloudEventHeaders.type];
  const source = message.headers?.[cloudEventHeaders.source];
  return (
    type !== undefined &&
    OWN_TYPES.has(type.toString()) &&
    source !== undefined &&
    source.toString() === DEDUP_SOURCE
  );
}

type Refusal = Rejection | { readonly code: string; readonly message: string };

/**
 * Turns one fetched batch into the records of its transaction: case events, DLQ records for what
 * cannot be used, and one changelog record per content key the batch changed (its final state).
 */
export class DedupBatchProcessor {
  private readonly deduplicator = new CaseDeduplicator();
  private readonly log: Logger;

  constructor(private readonly options: DedupBatchProcessorOptions) {
    this.log = options.logger.child({ component: "dedup-batch" });
  }

  process(batch: InputBatch): ProcessedBatch & { events: number; rejected: number } {
    const { topics: names, store } = this.options;
    const staged = store.stage(batch.partition);
    const records: OutputRecord[] = [];
    let events = 0;
    let rejected = 0;
    for (const message of batch.messages) {
      const decision = this.decide(batch, message, staged);
      if (decision.kind === "reject") {
        rejected += 1;
        records.push(this.deadLetter(batch, message, decision));
        continue;
      }
      for (const event of decision.events) {
        events += 1;
        records.push({ topic: names.cases, ...encodeEvent(event) });
      }
    }
    for (const [contentKey, record] of staged.changes())
      records.push({ topic: names.state, key: contentKey, value: encodeChangelogValue(record) });
    return { records, onCommit: () => staged.commit(), events, rejected };
  }

  private decide(
    batch: InputBatch,
    message: ConsumedRecord,
    staged: StagedCases,
  ): DedupDecision | (Refusal & { kind: "reject" }) {
    const names = this.options.topics;
    if (batch.topic === names.cases && isOwnMembershipEvent(message)) return nothing;
    // The decoder knows topics by their SPEC names; per-run names stand for their role.
    const role = batch.topic === names.targets ? topics.targets : topics.cases;
    const decoded = decodeEvent(message, { topic: role });
    if (!decoded.ok) return { kind: "reject", ...decoded.rejection };
    const expected = this.partitionOf(decoded.key);
    if (expected !== batch.partition) {
      return {
        kind: "reject",
        code: "WRONG_PARTITION",
        message: `key belongs on partition ${expected} (murmur2), read from ${batch.partition}: the case state of that key lives elsewhere`,
      };
    }
    const context = { cases: staged, recordTimeMs: Number(message.timestamp) };
    const event: AnyTakedownEvent = decoded.event;
    switch (event.type) {
      case "target.submitted":
      case "target.withdrawn":
      case "target.info_provided":
      case "target.erased":
        return this.deduplicator.onTargetEvent(event, context);
      case "case.opened":
      case "case.merged":
      case "case.withdrawn":
      case "case.state_changed":
      case "case.info_provided":
        return this.deduplicator.onCaseEvent(event, context);
      // The decoder already refuses types not allowed on the topic; kept for exhaustiveness.
      case "notice.issued":
      case "notice.revised":
      case "notice.withdrawn":
      case "response.submitted":
      case "case.unroutable":
      case "case.escalated":
      case "record.rejected":
      case "audit.entry":
        return { kind: "reject", code: "WRONG_TOPIC", message: `${event.type} on ${batch.topic}` };
      default:
        return assertNever(event, "event");
    }
  }

  /** Where the producers put the key (murmur2, as kafkajs and the Java client do). */
  private partitionOf(key: string | null): number | undefined {
    return key === null ? undefined : partitionOfKey(key, this.options.partitionCount);
  }

  private deadLetter(batch: InputBatch, message: ConsumedRecord, refusal: Refusal): OutputRecord {
    const code = "reason" in refusal ? refusal.reason : refusal.code;
    this.log.warn(
      { topic: batch.topic, partition: batch.partition, offset: message.offset, code },
      "record refused; sent to the DLQ",
    );
    return deadLetterRecord({
      dlqTopic: this.options.topics.dlq,
      source: DEDUP_SOURCE,
      rejectedBy: "dedup",
      read: { topic: batch.topic, partition: batch.partition, message },
      reason: refusal,
    });
  }
}
