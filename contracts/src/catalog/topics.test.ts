import { describe, expect, it } from "vitest";
import { sampleEvents } from "../fixtures/sample-events.js";
import { eventTypes } from "./event-catalog.js";
import { dispatchEvent } from "./topic-handlers.js";
import type { HandlersFor } from "./topic-handlers.js";
import { topicSpecs } from "./topic-specs.js";
import { repositoryTopicSettings } from "../artifacts/topic-settings.js";
import {
  eventTypesByTopicFamily,
  eventTypesOnTopic,
  noticesTopic,
  parseTopic,
  responsesTopic,
  topics,
} from "./topics.js";

describe("topics", () => {
  it("builds and parses per-platform topic names", () => {
    expect(noticesTopic("line-yahoo")).toBe("takedown.notices.line-yahoo.v1");
    expect(parseTopic(responsesTopic("x"))).toEqual({ family: "responses", platformId: "x" });
    expect(parseTopic(topics.auditLog)).toEqual({ family: "audit", platformId: undefined });
    expect(parseTopic("takedown.notices.a.b.v1")).toBeUndefined();
    expect(parseTopic("takedown.dedup.state.v1")).toBeUndefined();
    for (const bad of ["X", "a.b", "a_b", "", "-x"]) expect(() => noticesTopic(bad), bad).toThrow();
  });

  it("puts every event type on exactly one topic family", () => {
    const placed = Object.values(eventTypesByTopicFamily).flat();
    expect([...placed].sort()).toEqual([...eventTypes].sort());
    expect(eventTypesOnTopic(noticesTopic("x"))).toEqual([
      "notice.issued",
      "notice.revised",
      "notice.withdrawn",
    ]);
    expect(eventTypesOnTopic("takedown.unknown.v1")).toEqual([]);
  });

  it("finds every contract topic in config/topics.yaml, content-keyed ones co-partitioned", () => {
    const settings = repositoryTopicSettings();
    const partitions = new Set(
      topicSpecs
        .filter((s) => s.keying === "content-key")
        .map((s) => settings(s.address).partitions),
    );
    expect(partitions.size).toBe(1);
    expect(settings(topics.auditLog)).toMatchObject({ partitions: 1, retentionMs: -1 });
  });
});

describe("HandlersFor", () => {
  it("dispatches each event to the handler of its type", () => {
    const seen: string[] = [];
    const handlers: HandlersFor<"takedown.cases.v1", string[], void> = {
      "case.opened": (e, log) => void log.push(`opened ${e.data.member.targetId}`),
      "case.merged": (e, log) => void log.push(`merged ${e.data.memberCount}`),
      "case.withdrawn": (e, log) => void log.push(`withdrawn ${e.data.withdrawnTargetIds.length}`),
      "case.state_changed": (e, log) => void log.push(`state ${e.data.to}`),
      "case.info_provided": (e, log) => void log.push(`answer ${e.data.answerId}`),
    };
    dispatchEvent(handlers, sampleEvents["case.merged"], seen);
    dispatchEvent(handlers, sampleEvents["case.state_changed"], seen);
    expect(seen).toEqual([
      `merged ${sampleEvents["case.merged"].data.memberCount}`,
      `state ${sampleEvents["case.state_changed"].data.to}`,
    ]);
  });

  it("does not compile when an event type of the topic is not handled", () => {
    // @ts-expect-error notice.withdrawn has no handler
    const incomplete: HandlersFor<`takedown.notices.${string}.v1`> = {
      "notice.issued": () => undefined,
      "notice.revised": () => undefined,
    };
    // @ts-expect-error an event of another topic cannot be dispatched to these handlers
    const wrong: Parameters<typeof dispatchEvent<"takedown.targets.v1", void, void>>[1] =
      sampleEvents["case.opened"];
    expect(Object.keys(incomplete)).toHaveLength(2);
    expect(wrong.type).toBe("case.opened");
  });
});
