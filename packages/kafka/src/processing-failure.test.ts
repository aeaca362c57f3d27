import { describe, expect, it } from "vitest";
import { createKafkaError } from "./errors.js";
import { failureKind, isRecordRefusal, reasonOf } from "./processing-failure.js";

/** Shaped like kafkajs' errors (they are plain Error subclasses with these fields). */
function kafkajsError(name: string, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(name), { name, ...fields });
}

describe("failureKind", () => {
  it("trusts the packages' retryable flag first", () => {
    expect(failureKind(createKafkaError("KAFKA_UNREACHABLE"))).toBe("transient");
    expect(failureKind(createKafkaError("KAFKA_RECORD_TOO_LARGE"))).toBe("deterministic");
    const wrapped = createKafkaError("KAFKA_RECORD_TOO_LARGE", {
      cause: kafkajsError("KafkaJSConnectionError"),
    });
    expect(failureKind(wrapped)).toBe("deterministic");
  });

  it("knows kafkajs' retriable errors and socket failures anywhere in the cause chain", () => {
    expect(failureKind(kafkajsError("KafkaJSNumberOfRetriesExceeded"))).toBe("transient");
    expect(
      failureKind(
        kafkajsError("KafkaJSProtocolError", { type: "LEADER_NOT_AVAILABLE", retriable: true }),
      ),
    ).toBe("transient");
    expect(
      failureKind(
        new Error("fetch failed", {
          cause: Object.assign(new Error("x"), { code: "ECONNREFUSED" }),
        }),
      ),
    ).toBe("transient");
  });

  it("takes anything else for the record's fault", () => {
    expect(failureKind(new TypeError("cannot read properties of undefined"))).toBe("deterministic");
    expect(failureKind("a string")).toBe("deterministic");
    expect(
      failureKind(
        kafkajsError("KafkaJSProtocolError", { type: "INVALID_PRODUCER_EPOCH", retriable: false }),
      ),
    ).toBe("deterministic");
  });
});

describe("isRecordRefusal and reasonOf", () => {
  it("recognises the broker refusing records, however deep", () => {
    const tooLarge = kafkajsError("KafkaJSProtocolError", {
      type: "MESSAGE_TOO_LARGE",
      retriable: false,
    });
    expect(isRecordRefusal(new Error("wrapped", { cause: tooLarge }))).toBe(true);
    expect(isRecordRefusal(kafkajsError("KafkaJSProtocolError", { type: "NOT_CONTROLLER" }))).toBe(
      false,
    );
  });

  it("gives a stable code and a message for people", () => {
    expect(reasonOf(new Error("boom"))).toEqual({
      code: "PROCESSING_FAILED",
      message: "Error: boom",
    });
    expect(reasonOf(createKafkaError("KAFKA_UNREACHABLE", { detail: "s3" })).code).toBe(
      "KAFKA_UNREACHABLE",
    );
    expect(
      reasonOf(kafkajsError("KafkaJSProtocolError", { type: "MESSAGE_TOO_LARGE", code: 10 })).code,
    ).toBe("MESSAGE_TOO_LARGE");
  });
});
