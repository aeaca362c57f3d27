import { describe, expect, it } from "vitest";
import {
  auditedTopicPattern,
  expandPlatformTopic,
  isNoticesTopic,
  isResponsesTopic,
  noticesTopic,
  parseTopic,
  platformTopicTemplates,
  responsesTopic,
  responsesTopicPattern,
  serviceTopics,
  topicNameTemplatePattern,
  topics,
} from "./topic-names.js";

describe("topic names", () => {
  it("builds per-platform names and refuses ids that are not platform ids", () => {
    expect(noticesTopic("line-yahoo")).toBe("takedown.notices.line-yahoo.v1");
    expect(responsesTopic("x")).toBe("takedown.responses.x.v1");
    expect(expandPlatformTopic(platformTopicTemplates.notices, "x")).toBe(noticesTopic("x"));
    for (const bad of ["X", "a.b", "a_b", "", "-x", "a-", "a--b", "a".repeat(49)]) {
      expect(() => noticesTopic(bad), bad).toThrow(/platform id/);
      expect(() => expandPlatformTopic(platformTopicTemplates.responses, bad), bad).toThrow();
    }
  });

  it("parses pipeline topics and nothing else", () => {
    expect(parseTopic(responsesTopic("x"))).toEqual({ family: "responses", platformId: "x" });
    expect(parseTopic(topics.auditLog)).toEqual({ family: "audit", platformId: undefined });
    expect(parseTopic("takedown.notices.a.b.v1")).toBeUndefined();
    expect(parseTopic(`takedown.notices.${"a".repeat(49)}.v1`)).toBeUndefined();
    expect(parseTopic(serviceTopics.dedupState)).toBeUndefined();
    expect(isNoticesTopic(noticesTopic("meta"))).toBe(true);
    expect(isNoticesTopic(responsesTopic("meta"))).toBe(false);
    expect(isResponsesTopic(responsesTopic("meta"))).toBe(true);
    expect(isResponsesTopic(serviceTopics.routingResponses)).toBe(false);
  });

  it("subscribes routing to every responses topic and no other", () => {
    expect(responsesTopicPattern.test(responsesTopic("kyushu-board"))).toBe(true);
    expect(responsesTopicPattern.test(noticesTopic("kyushu-board"))).toBe(false);
    expect(responsesTopicPattern.test(serviceTopics.routingResponses)).toBe(false);
  });

  it("audits every pipeline topic but the audit log and the services' own topics", () => {
    const audited = [
      topics.targets,
      topics.cases,
      topics.triage,
      topics.dlq,
      noticesTopic("x"),
      responsesTopic("line-yahoo"),
    ];
    for (const topic of audited) expect(auditedTopicPattern.test(topic), topic).toBe(true);
    for (const topic of [topics.auditLog, ...Object.values(serviceTopics)])
      expect(auditedTopicPattern.test(topic), topic).toBe(false);
  });

  it("accepts every owned name and template as a config file may write it", () => {
    const names = [
      ...Object.values(topics),
      ...Object.values(serviceTopics),
      ...Object.values(platformTopicTemplates),
    ];
    for (const name of names) expect(topicNameTemplatePattern.test(name), name).toBe(true);
    expect(topicNameTemplatePattern.test("other.targets.v1")).toBe(false);
  });
});
