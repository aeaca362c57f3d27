import {
  cloudEventHeaders,
  decodeEvent,
  dispatchEvent,
  encodeEvent,
  eventTypesByTopicFamily,
  topics as pipelineTopics,
  type AnyTakedownEvent,
  type EventTypesOn,
  type TakedownEventOf,
} from "@takedown/contracts";
import type { Logger } from "@takedown/logger";
import {
  TransactionalProcessor,
  deadLetterRecord,
  failureKind,
  type Assignment,
  type InputBatch,
  type Kafka,
  type ConsumedRecord,
  type OutputRecord,
  type ProcessorHealth,
  type TransactionalProcessorOptions,
} from "@takedown/kafka";
import { caseRouter } from "./case-router.js";
import { CaseStateStore, type StagedCases } from "./case-state-store.js";
import { sweepDeadline } from "./deadline-sweep.js";
import { tickTimeOf } from "./deadline-tick.js";
import { judgeResponse } from "./response-judge.js";
import { encodeRoutedCase } from "./routed-case.js";
import type { RoutingContext, RoutingOutcome } from "./routing-context.js";

const RESTORE_ATTEMPTS = 10;

const caseEventTypes: readonly string[] = eventTypesByTopicFamily.cases;
const STATE_CHANGED_TYPE = "jp.takedown.case.state_changed.v1";

/**
 * Routing reads its own state changes back from the cases topic (it shares the topic with
 * dedup's membership events): half of what it reads, and they change nothing. They were
 * validated when written, so they are passed over by their headers instead of decoded.
 */
function isOwnStateChange(message: ConsumedRecord, source: string): boolean {
  const headers = message.headers;
  return (
    headers?.[cloudEventHeaders.type]?.toString() === STATE_CHANGED_TYPE &&
    headers[cloudEventHeaders.source]?.toString() === source
  );
}

function isCaseEvent(
  event: AnyTakedownEvent,
): event is TakedownEventOf<EventTypesOn<typeof pipelineTopics.cases>> {
  return caseEventTypes.includes(event.type);
}

export interface CaseRoutingProcessorOptions {
  kafka: Kafka;
  logger: Logger;
  context: RoutingContext;
  groupId: string;
  transactionalId: string;
  /** onFatal and recovery bounds, the same for routing's processors. */
  supervision?: Pick<TransactionalProcessorOptions, "onFatal" | "recovery">;
}

/**
 * Joins the cases topic and the re-keyed responses (plus deadline ticks) with routing's case
 * state, exactly once: each batch's notices, state changes, DLQ records and changelog updates
 * commit in one transaction with the consumed offsets.
 */
export class CaseRoutingProcessor {
  private readonly store = new CaseStateStore();
  private readonly processor: TransactionalProcessor;
  private readonly log: Logger;

  constructor(private readonly options: CaseRoutingProcessorOptions) {
    this.log = options.logger.child({ component: "case-routing" });
    const { topics } = options.context;
    this.processor = new TransactionalProcessor({
      kafka: options.kafka,
      logger: options.logger,
      groupId: options.groupId,
      transactionalId: options.transactionalId,
      topics: [topics.cases, topics.rekeyedResponses],
      deadLetter: { topic: topics.dlq, source: options.context.source, rejectedBy: "routing" },
      ...options.supervision,
      onAssigned: (assignment) => this.restore(assignment),
      processBatch: (batch) => this.processBatch(batch),
      // State is staged per partition number, so the partitions of a fetch share a transaction.
      groupPartitions: true,
    });
  }

  async start(): Promise<void> {
    await this.processor.start();
  }

  async stop(): Promise<void> {
    await this.processor.stop();
  }

  health(): ProcessorHealth {
    return this.processor.health();
  }

  private async restore(assignment: Assignment[]): Promise<void> {
    const partitions = new Set(assignment.flatMap((a) => a.partitions));
    const sets = assignment.map((a) => [...a.partitions].sort().join(","));
    if (new Set(sets).size > 1) {
      // Both inputs must be assigned by partition number, or responses meet no state.
      this.log.error({ assignment }, "inputs are not co-partitioned across this instance");
    }
    // A rejected restore would stall the processor for good (its batches await this promise),
    // so transient broker errors, common right after topics are created or moved, are retried.
    for (let attempt = 1; ; attempt++) {
      try {
        const records = await this.store.restore({
          kafka: this.options.kafka,
          topic: this.options.context.topics.state,
          partitions: [...partitions],
        });
        this.log.info(
          { partitions: [...partitions], records, cases: this.store.size },
          "state restored",
        );
        return;
      } catch (error) {
        if (attempt >= RESTORE_ATTEMPTS) throw error;
        this.log.warn({ err: error, attempt }, "state restore failed; retrying");
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  }

  private async processBatch(batch: InputBatch) {
    const staged = this.store.stage(batch.partition);
    const records: OutputRecord[] = [];
    let latestTick: Date | undefined;
    for (const message of batch.messages) {
      const tick = tickTimeOf(message);
      if (tick !== undefined) {
        if (latestTick === undefined || tick > latestTick) latestTick = tick;
        continue;
      }
      if (latestTick !== undefined) {
        records.push(...(await this.sweep(staged, latestTick)));
        latestTick = undefined;
      }
      records.push(...(await this.route(batch, message, staged)));
    }
    if (latestTick !== undefined) records.push(...(await this.sweep(staged, latestTick)));
    return { records, onCommit: () => staged.commit() };
  }

  private async sweep(staged: StagedCases, tickTime: Date): Promise<OutputRecord[]> {
    const records: OutputRecord[] = [];
    for (const routed of staged.dueBy(tickTime.getTime())) {
      try {
        const outcome = await sweepDeadline(this.options.context, routed, tickTime);
        if (outcome.kind !== "applied") continue;
        this.log.info({ caseId: routed.caseId, to: outcome.next.state }, "deadline passed");
        records.push(...this.apply(outcome, staged));
      } catch (error) {
        // Skipped, not retried forever: the next tick tries this case again.
        this.log.error({ err: error, caseId: routed.caseId }, "deadline sweep failed");
      }
    }
    return records;
  }

  private async route(
    batch: InputBatch,
    message: ConsumedRecord,
    staged: StagedCases,
  ): Promise<OutputRecord[]> {
    const { context } = this.options;
    const read = { topic: batch.topic, partition: batch.partition, message };
    const reject = (reason: { code: string; message: string }): OutputRecord[] => {
      this.log.warn({ ...reason, topic: batch.topic, offset: message.offset }, "record rejected");
      return [
        deadLetterRecord({
          dlqTopic: context.topics.dlq,
          source: context.source,
          rejectedBy: "routing",
          read,
          reason,
          now: context.clock(),
        }),
      ];
    };
    const fromCases = batch.topic === context.topics.cases;
    if (fromCases && isOwnStateChange(message, context.source)) return [];
    // Decoding against the logical topic checks which event types may appear there, whatever
    // name the deployment (or a test) gives the topic.
    const decoded = decodeEvent(message, fromCases ? { topic: pipelineTopics.cases } : {});
    if (!decoded.ok) {
      const { reason, message: text } = decoded.rejection;
      return reject({ code: reason, message: text });
    }
    const event = decoded.event;
    const key = decoded.key ?? "";
    try {
      let outcome: RoutingOutcome;
      if (fromCases) {
        if (!isCaseEvent(event))
          return reject({ code: "WRONG_TOPIC", message: `${event.type} on the cases topic` });
        outcome = await dispatchEvent(caseRouter, event, { context, current: staged.get(key) });
      } else if (event.type === "response.submitted") {
        outcome = judgeResponse(event, context, staged.get(key));
      } else {
        return reject({ code: "WRONG_TOPIC", message: `${event.type} is not a response` });
      }
      switch (outcome.kind) {
        case "rejected":
          return reject(outcome);
        case "ignored":
          this.log.debug({ type: event.type, subject: event.subject, why: outcome.why }, "ignored");
          return [];
        case "applied":
          // debug: one line per case and event cost a tenth of routing's CPU at volume.
          this.log.debug(
            { type: event.type, caseId: outcome.next.caseId, state: outcome.next.state },
            "case routed",
          );
          return this.apply(outcome, staged);
      }
    } catch (error) {
      // A fault (the broker, S3) is the processor's to retry, never a reason for the DLQ.
      if (failureKind(error) === "transient") throw error;
      // A bug must not stop the partition: the record is set aside with what went wrong.
      this.log.error({ err: error, type: event.type, subject: event.subject }, "routing failed");
      return reject({ code: "ROUTING_FAILED", message: String(error) });
    }
  }

  private apply(
    outcome: Extract<RoutingOutcome, { kind: "applied" }>,
    staged: StagedCases,
  ): OutputRecord[] {
    const records: OutputRecord[] = outcome.emit.map(({ topic, event }) => ({
      topic,
      ...encodeEvent(event),
    }));
    const json = encodeRoutedCase(outcome.next);
    records.push({
      topic: this.options.context.topics.state,
      key: outcome.next.contentKey,
      value: Buffer.from(json, "utf8"),
    });
    // The store keeps the case as this JSON: made once for the record and the state both.
    staged.set(outcome.next, json);
    return records;
  }
}
