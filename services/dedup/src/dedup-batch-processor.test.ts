import { describe, expect, it } from "vitest";
import {
  caseIdFor,
  createEvent,
  decodeEvent,
  encodeEvent,
  type AnyTakedownEvent,
  type EventDataOf,
} from "@takedown/contracts";
import type { InputBatch, ConsumedRecord, OutputRecord } from "@takedown/kafka";
import { createLogger } from "@takedown/logger";
import { CaseStore } from "./case-store.js";
import { DedupBatchProcessor } from "./dedup-batch-processor.js";
import { syntheticTargets } from "./synthetic-targets.js";

const topics = { targets: "t.targets", cases: "t.cases", dlq: "t.dlq", state: "t.state" };
const logger = createLogger({ service: "test", level: "silent" });

let offset = 0;
function recordOf(event: AnyTakedownEvent, override: { key?: string } = {}): ConsumedRecord {
  const encoded = encodeEvent(event);
  return raw({ key: override.key ?? encoded.key, value: encoded.value, headers: encoded.headers });
}

function raw(record: {
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}): ConsumedRecord {
  offset += 1;
  return {
    key: record.key === null ? null : Buffer.from(record.key),
    value: record.value,
    headers: Object.fromEntries(
      Object.entries(record.headers).map(([k, v]) => [k, Buffer.from(v)]),
    ),
    timestamp: String(1_750_000_000_000 + offset),
    offset: String(offset),
  };
}

function batch(topic: string, messages: ConsumedRecord[]): InputBatch {
  return { topic, partition: 0, messages };
}

function eventsOn(records: OutputRecord[], topic: string): AnyTakedownEvent[] {
  return records
    .filter((r) => r.topic === topic)
    .map((r) => {
      const decoded = decodeEvent({
        key: r.key,
        value: r.value as Buffer,
        headers: r.headers,
      });
      if (!decoded.ok) throw new Error(decoded.rejection.message);
      return decoded.event;
    });
}

function withdrawal(submitted: AnyTakedownEvent): AnyTakedownEvent {
  if (submitted.type !== "target.submitted") throw new Error("not a submission");
  const d = submitted.data;
  return createEvent(
    "target.withdrawn",
    {
      requestId: d.requestId,
      targetId: d.targetId,
      organId: d.organId,
      canonicalUrl: d.canonicalUrl,
      contentKey: d.contentKey,
      withdrawnAt: "2025-06-05T00:00:00Z",
    },
    { source: "/takedown/intake" },
  );
}

function stateChange(caseId: string, contentKey: string, to: "removed" | "notified") {
  const data: EventDataOf<"case.state_changed"> = {
    caseId,
    contentKey,
    from: "open",
    to,
    trigger: "platform_response",
    changedAt: "2025-06-06T00:00:00Z",
  };
  return createEvent("case.state_changed", data, { source: "/takedown/routing" });
}

function setup() {
  const store = new CaseStore();
  const processor = new DedupBatchProcessor({ store, topics, partitionCount: 1, logger });
  return { store, processor };
}

describe("dedup batches", () => {
  // Three organs report one post, the first one twice.
  const [a, b, c] = syntheticTargets({ count: 3, urls: 1, runId: "unit" });
  if (a === undefined || b === undefined || c === undefined) throw new Error("no targets");
  const contentKey = a.data.contentKey;

  it("opens a case, merges later targets within the same batch and ignores a repeated target", () => {
    const { store, processor } = setup();
    const out = processor.process(
      batch(topics.targets, [recordOf(a), recordOf(b), recordOf(a), recordOf(c)]),
    );
    const events = eventsOn(out.records, topics.cases);
    expect(events.map((e) => e.type)).toEqual(["case.opened", "case.merged", "case.merged"]);
    const [opened, merged1, merged2] = events;
    if (opened?.type !== "case.opened" || merged2?.type !== "case.merged") throw new Error("order");
    expect(opened.data.member.targetId).toBe(a.data.targetId);
    expect(opened.data.caseId.startsWith(`case_${contentKey.slice(0, 16)}_`)).toBe(true);
    expect(merged1?.data).toMatchObject({ caseId: opened.data.caseId, memberCount: 2 });
    expect(merged2.data.memberCount).toBe(3);
    // One changelog record per changed key, holding the batch's final state.
    const changelog = out.records.filter((r) => r.topic === topics.state);
    expect(changelog).toHaveLength(1);
    expect(
      (JSON.parse(String(changelog[0]?.value)) as { members: unknown[] }).members,
    ).toHaveLength(3);
    // Nothing is committed until the transaction is.
    expect(store.read(0, contentKey)).toBeUndefined();
    out.onCommit?.();
    expect(store.read(0, contentKey)?.members).toHaveLength(3);
  });

  it("starts a batch read again after a failed transaction from the committed state", () => {
    const { processor } = setup();
    const input = batch(topics.targets, [recordOf(a), recordOf(b)]);
    const failed = processor.process(input);
    const again = processor.process(input);
    expect(eventsOn(again.records, topics.cases)).toEqual(eventsOn(failed.records, topics.cases));
    again.onCommit?.();
    expect(eventsOn(processor.process(input).records, topics.cases)).toEqual([]);
  });

  it("withdraws the case when every member is withdrawn and links the next case to it", () => {
    const { processor } = setup();
    const first = processor.process(batch(topics.targets, [recordOf(a), recordOf(b)]));
    first.onCommit?.();
    const caseId = eventsOn(first.records, topics.cases)[0]?.data as { caseId: string };
    const out = processor.process(
      batch(topics.targets, [recordOf(withdrawal(a)), recordOf(withdrawal(b)), recordOf(c)]),
    );
    const events = eventsOn(out.records, topics.cases);
    expect(events.map((e) => e.type)).toEqual(["case.withdrawn", "case.opened"]);
    expect(events[0]?.data).toMatchObject({
      caseId: caseId.caseId,
      withdrawnTargetIds: [a.data.targetId, b.data.targetId],
    });
    expect(events[1]?.data).toMatchObject({ previousCaseId: caseId.caseId });
    // A repeated submission of a withdrawn target does not reopen anything.
    out.onCommit?.();
    expect(
      eventsOn(processor.process(batch(topics.targets, [recordOf(a)])).records, topics.cases),
    ).toEqual([]);
  });

  it("learns closures from routing: removed opens a new case, notified keeps merging", () => {
    const { processor } = setup();
    const first = processor.process(batch(topics.targets, [recordOf(a)]));
    first.onCommit?.();
    const opened = eventsOn(first.records, topics.cases)[0];
    if (opened?.type !== "case.opened") throw new Error("no case");
    const notified = processor.process(
      batch(topics.cases, [recordOf(stateChange(opened.data.caseId, contentKey, "notified"))]),
    );
    expect(notified.records.filter((r) => r.topic === topics.cases)).toEqual([]);
    notified.onCommit?.();
    const merged = processor.process(batch(topics.targets, [recordOf(b)]));
    expect(eventsOn(merged.records, topics.cases)[0]?.type).toBe("case.merged");
    merged.onCommit?.();
    processor
      .process(
        batch(topics.cases, [
          recordOf(stateChange(opened.data.caseId, contentKey, "removed")),
          // A state change of some other case of this key changes nothing.
          recordOf(
            stateChange(
              caseIdFor(contentKey, "01J9Z8X7QK3M4N5P6R7S8T9V0W"),
              contentKey,
              "notified",
            ),
          ),
        ]),
      )
      .onCommit?.();
    const reopened = eventsOn(
      processor.process(batch(topics.targets, [recordOf(c)])).records,
      topics.cases,
    );
    expect(reopened[0]).toMatchObject({
      type: "case.opened",
      data: { previousCaseId: opened.data.caseId, member: { targetId: c.data.targetId } },
    });
  });

  it("sends unusable records to the DLQ with their bytes and reason, and goes on", () => {
    const { processor } = setup();
    const good = recordOf(a);
    const notJson = raw({ ...encodeEvent(a), value: Buffer.from("{not json") });
    const unknownType = raw({
      ...encodeEvent(a),
      headers: { ...encodeEvent(a).headers, ce_type: "jp.takedown.target.teleported.v1" },
    });
    const wrongKey = recordOf(b, { key: "f".repeat(64) });
    const badCanonical = recordOf(
      createEvent(
        "target.submitted",
        { ...c.data, canonicalUrl: "https://x.com/someone/else" },
        { source: "/takedown/intake" },
      ),
    );
    const out = processor.process(
      batch(topics.targets, [notJson, unknownType, wrongKey, badCanonical, good]),
    );
    const rejected = eventsOn(out.records, topics.dlq);
    const reasons = rejected.map((e) => (e.type === "record.rejected" ? e.data.reason.code : ""));
    expect(reasons).toEqual([
      "INVALID_JSON",
      "UNKNOWN_TYPE",
      "KEY_MISMATCH",
      "CONTENT_KEY_NOT_CANONICAL",
    ]);
    const first = rejected[0];
    if (first?.type !== "record.rejected") throw new Error("no rejection");
    expect(Buffer.from(first.data.original.valueBase64 ?? "", "base64").toString()).toBe(
      "{not json",
    );
    expect(first.data.original).toMatchObject({ topic: topics.targets, offset: notJson.offset });
    expect(eventsOn(out.records, topics.cases).map((e) => e.type)).toEqual(["case.opened"]);
    expect(out.rejected).toBe(4);
  });

  it("refuses a record on a partition its key does not hash to", () => {
    // The key hashes to exactly one of two partitions: the same record read from each is used
    // once and refused once.
    const outcomes = [0, 1].map((partition) => {
      const processor = new DedupBatchProcessor({
        store: new CaseStore(),
        topics,
        partitionCount: 2,
        logger,
      });
      const out = processor.process({ topic: topics.targets, partition, messages: [recordOf(a)] });
      return [...eventsOn(out.records, topics.cases), ...eventsOn(out.records, topics.dlq)].map(
        (e) => (e.type === "record.rejected" ? e.data.reason.code : e.type),
      );
    });
    expect(outcomes.flat().sort()).toEqual(["WRONG_PARTITION", "case.opened"]);
  });

  it("passes over its own membership events read back from the cases topic", () => {
    const { processor } = setup();
    const first = processor.process(batch(topics.targets, [recordOf(a)]));
    const own = first.records
      .filter((r) => r.topic === topics.cases)
      .map((r) =>
        raw({
          key: r.key as string,
          value: r.value as Buffer,
          headers: r.headers as Record<string, string>,
        }),
      );
    // Headers claiming dedup's own event with an unreadable body are passed over too.
    const ownHeaders = own[0]?.headers as Record<string, Buffer>;
    const broken = raw({
      key: contentKey,
      value: Buffer.from("{"),
      headers: Object.fromEntries(Object.entries(ownHeaders).map(([k, v]) => [k, v.toString()])),
    });
    const out = processor.process(batch(topics.cases, [...own, broken]));
    expect(out.records).toEqual([]);
  });
});
