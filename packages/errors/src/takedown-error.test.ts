import { describe, expect, it } from "vitest";
import { defineErrors, isTakedownError } from "./takedown-error.js";

const createError = defineErrors({
  DEMO_TIMEOUT: { message: "the broker did not answer", retryable: true },
  DEMO_BAD_INPUT: { message: "input refused", retryable: false },
});

describe("defineErrors", () => {
  it("carries code, retryable flag, detail and cause", () => {
    const cause = new Error("socket closed");
    const error = createError("DEMO_TIMEOUT", { detail: "after 5000 ms", cause });
    expect(isTakedownError(error)).toBe(true);
    expect(error.code).toBe("DEMO_TIMEOUT");
    expect(error.retryable).toBe(true);
    expect(error.message).toBe("the broker did not answer: after 5000 ms");
    expect(error.cause).toBe(cause);
    expect(createError("DEMO_BAD_INPUT").retryable).toBe(false);
  });
});
