import { isTakedownError } from "@takedown/errors";
import { describe, expect, it } from "vitest";
import { actorIdOf } from "./actor-header.js";

describe("Takedown-Actor", () => {
  it("passes a staff account or key id through, and absence as undefined", () => {
    expect(actorIdOf("stf_7Qx2Lm9Pa4")).toBe("stf_7Qx2Lm9Pa4");
    expect(actorIdOf(["key_abcdef"])).toBe("key_abcdef");
    expect(actorIdOf(undefined)).toBeUndefined();
  });

  it.each([
    "",
    "stf_short",
    "usr_7Qx2Lm9Pa4",
    "stf_7Qx2-Lm9Pa4",
    `stf_${"a".repeat(41)}`,
    "山田 花子",
    ["stf_7Qx2Lm9Pa4", "stf_other12345"],
  ])("refuses %j naming the header", (value) => {
    let error: unknown;
    try {
      actorIdOf(value);
    } catch (caught) {
      error = caught;
    }
    expect(isTakedownError(error) && error.code).toBe("INTAKE_ACTOR_INVALID");
    expect((error as { details: { errors: { field: string }[] } }).details.errors[0]?.field).toBe(
      "Takedown-Actor",
    );
  });
});
