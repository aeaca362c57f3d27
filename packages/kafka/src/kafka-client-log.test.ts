import { describe, expect, it } from "vitest";
import { KafkaClientLog } from "./kafka-client-log.js";

describe("KafkaClientLog", () => {
  it("sends kafkajs' CONCURRENT_TRANSACTIONS response error to debug and counts it", () => {
    const log = new KafkaClientLog();
    // The line routing wrote four times per 10 s while idle, as kafkajs' Connection logs it.
    const level = log.route({
      level: "error",
      message: "Response AddPartitionsToTxn(key: 24, version: 1)",
      extra: {
        error:
          "The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing",
        correlationId: 12,
        size: 41,
      },
    });
    expect(level).toBe("debug");
    expect(log.expectedConditions()).toEqual({ CONCURRENT_TRANSACTIONS: 1 });
  });

  it("counts coordinator moves and rebalances by condition", () => {
    const log = new KafkaClientLog();
    for (const message of [
      "The group is rebalancing, re-joining",
      "The coordinator is not aware of this member, re-joining the group",
    ])
      expect(log.route({ level: "error", message, extra: {} })).toBe("debug");
    log.route({
      level: "error",
      message: "Response JoinGroup(key: 11, version: 5)",
      extra: { error: "This is not the correct coordinator for this group" },
    });
    // A service's start creating a topic that is already there (or asking a former controller).
    for (const error of [
      "Topic with this name already exists",
      "This is not the correct controller for this cluster",
    ])
      expect(
        log.route({
          level: "error",
          message: "Response CreateTopics(key: 19, version: 3)",
          extra: { error },
        }),
      ).toBe("debug");
    expect(log.expectedConditions()).toEqual({
      REBALANCE_IN_PROGRESS: 1,
      UNKNOWN_MEMBER_ID: 1,
      NOT_COORDINATOR_FOR_GROUP: 1,
      TOPIC_ALREADY_EXISTS: 1,
      NOT_CONTROLLER: 1,
    });
  });

  it("sends a login cut off by a broker going away to debug", () => {
    const log = new KafkaClientLog();
    for (const cause of ["Not connected", "Connection error: read ECONNRESET", "Closed connection"])
      expect(
        log.route({
          level: "error",
          message: `SASL SCRAM SHA512 authentication failed: ${cause}`,
          extra: { broker: "127.0.0.1:9094" },
        }),
      ).toBe("debug");
    expect(log.expectedConditions()).toEqual({ CONNECTION: 3 });
  });

  it("keeps ERROR for what needs a person", () => {
    const log = new KafkaClientLog();
    const denied = {
      level: "error" as const,
      message: "Response Produce(key: 0, version: 7)",
      extra: { error: "Not authorized to access topics: [Topic authorization failed]" },
    };
    expect(log.route(denied)).toBe("error");
    // Wrong credentials: a person must act. The same line with the connection lost is a retry.
    const login = (cause: string) => ({
      level: "error" as const,
      message: `SASL SCRAM SHA512 authentication failed: ${cause}`,
      extra: { broker: "127.0.0.1:9094" },
    });
    expect(
      log.route(login("Authentication failed during authentication due to invalid credentials")),
    ).toBe("error");
    expect(
      log.route({
        level: "error",
        message: "Offset out of range, resetting to default offset",
        extra: {},
      }),
    ).toBe("error");
    expect(log.expectedConditions()).toEqual({});
  });

  it("treats a crash as expected only for groups a processor restarts", () => {
    const log = new KafkaClientLog();
    const crash = (groupId: string) => ({
      level: "error" as const,
      message: "Crash: KafkaJSNonRetriableError: the processor must reconnect to recover",
      extra: { groupId },
    });
    expect(log.route(crash("unsupervised"))).toBe("error");
    log.supervise("takedown-routing");
    expect(log.route(crash("takedown-routing"))).toBe("debug");
    expect(log.expectedConditions()).toEqual({ CONSUMER_RESTART: 1 });
  });

  it("leaves info and debug lines alone", () => {
    const log = new KafkaClientLog();
    expect(log.route({ level: "info", message: "The group is rebalancing", extra: {} })).toBe(
      "info",
    );
    expect(log.expectedConditions()).toEqual({});
  });
});
