import { describe, expect, it } from "vitest";
import { kafkajsLogLine } from "./kafkajs-log-line.js";

describe("kafkajsLogLine", () => {
  it("keeps a text message and moves kafkajs' error field apart from the rest", () => {
    const line = kafkajsLogLine({
      message: "Response Produce(key: 0, version: 3)",
      error: "The request timed out",
      correlationId: 4,
    });
    expect(line).toEqual({
      message: "Response Produce(key: 0, version: 3)",
      error: "The request timed out",
      fields: { correlationId: 4 },
    });
  });

  it("turns an Error logged as the message into the line's text and its error", () => {
    // BrokerPool.findBroker logs `logger.error(e, { retryCount, retryTime, stack })`.
    const failure = new Error("Unexpected broker answer");
    failure.name = "KafkaJSProtocolError";
    const line = kafkajsLogLine({ message: failure, retryCount: 2, retryTime: 300 });
    expect(line.message).toBe("KafkaJSProtocolError: Unexpected broker answer");
    expect(line.error).toBe(failure);
    expect(line.fields).toEqual({ retryCount: 2, retryTime: 300 });
  });

  it("says something for a message that is neither text nor an Error", () => {
    expect(kafkajsLogLine({ message: 42 }).message).toBe("42");
    expect(kafkajsLogLine({ message: { broker: "b1:9092" } }).message).toBe('{"broker":"b1:9092"}');
    expect(kafkajsLogLine({}).message).toBe("");
  });
});
