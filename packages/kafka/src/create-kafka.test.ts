import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { bareClientOf } from "./bare-client.js";
import { createKafka } from "./create-kafka.js";
import { kafkaClientLog } from "./kafka-client-log.js";

/** A client whose kafkajs log lines land, parsed, in `lines`; it never connects. */
function clientWithLog() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString("utf8")) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level: "debug" }, sink);
  const kafka = createKafka({ brokers: ["127.0.0.1:9"], clientId: "log-test", logger });
  const kafkajsLogger = bareClientOf(kafka).logger().namespace("BrokerPool");
  return { kafka, lines, kafkajsLogger };
}

describe("createKafka's kafkajs log lines", () => {
  it("writes an Error that kafkajs logs as the message with its text and stack, not as {}", () => {
    const { lines, kafkajsLogger } = clientWithLog();
    const failure = new Error("Unexpected broker answer");
    failure.name = "KafkaJSProtocolError";
    kafkajsLogger.error(failure as unknown as string, { retryCount: 0, retryTime: 280 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      component: "kafkajs",
      namespace: "BrokerPool",
      msg: "KafkaJSProtocolError: Unexpected broker answer",
      retryCount: 0,
      err: { type: "Error", message: "Unexpected broker answer" },
    });
  });

  it("routes such a line by its error's text: a login cut off by a broker going away is debug", () => {
    const { kafka, lines, kafkajsLogger } = clientWithLog();
    const failure = new Error("SASL SCRAM SHA512 authentication failed: Not connected");
    failure.name = "KafkaJSSASLAuthenticationError";
    kafkajsLogger.error(failure as unknown as string, { retryCount: 0, retryTime: 300 });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe(20);
    expect(lines[0]?.msg).toBe(
      "KafkaJSSASLAuthenticationError: SASL SCRAM SHA512 authentication failed: Not connected",
    );
    expect(kafkaClientLog(kafka).expectedConditions()).toEqual({ CONNECTION: 1 });
  });
});
