import { describe, expect, test } from "vitest";
import { answerDeadline, answerWindowMs } from "./answer-deadline.js";

const DAY = 86_400_000;
const platform = { sla: { default: 7 * DAY, byAction: { preserve_logs: 3 * DAY } } };

describe("answer deadlines", () => {
  test("the SLA of the requested action applies, the default otherwise", () => {
    expect(answerWindowMs(platform, ["remove"])).toBe(7 * DAY);
    expect(answerWindowMs(platform, ["preserve_logs"])).toBe(3 * DAY);
  });

  test("several actions take the most urgent window", () => {
    expect(answerWindowMs(platform, ["remove", "preserve_logs"])).toBe(3 * DAY);
  });

  test("the deadline counts from the event time, with its offset, and is written in UTC", () => {
    expect(answerDeadline("2025-06-02T09:15:00+09:00", 7 * DAY)).toBe("2025-06-09T00:15:00.000Z");
  });

  test("a time that is not a timestamp is refused", () => {
    expect(() => answerDeadline("yesterday", DAY)).toThrow(RangeError);
  });
});
