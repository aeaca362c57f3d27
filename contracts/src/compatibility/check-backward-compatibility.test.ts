import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkBackwardCompatibility } from "./check-backward-compatibility.js";

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: "draft-07", io: "input" });
const released = z.object({
  id: z.string().max(100),
  kind: z.enum(["a", "b"]),
  count: z.number().int().min(0),
  tags: z.array(z.string()).max(10),
  note: z.string().optional(),
  owner: z.object({ name: z.string() }).nullable(),
});
const rulesOf = (current: z.ZodType) =>
  checkBackwardCompatibility(json(released), json(current)).map((i) => `${i.path} ${i.rule}`);

describe("checkBackwardCompatibility", () => {
  it("accepts an identical schema and compatible changes", () => {
    expect(rulesOf(released)).toEqual([]);
    expect(rulesOf(released.extend({ added: z.string().optional() }))).toEqual([]);
    expect(rulesOf(released.extend({ kind: z.enum(["a", "b", "c"]) }))).toEqual([]);
    expect(rulesOf(released.extend({ count: z.number().min(-1) }))).toEqual([]);
    expect(rulesOf(released.extend({ id: z.string().max(200) }))).toEqual([]);
    expect(rulesOf(released.extend({ tags: z.array(z.string()) }))).toEqual([]);
    expect(
      rulesOf(released.extend({ owner: z.object({ name: z.string() }).nullable().optional() })),
    ).toEqual([]);
    expect(
      rulesOf(released.extend({ note: z.union([z.string(), z.number()]).optional() })),
    ).toEqual([]);
  });

  it("reports a new required field", () => {
    expect(rulesOf(released.extend({ added: z.string() }))).toEqual(["/ required-added"]);
    expect(rulesOf(released.extend({ note: z.string() }))).toEqual(["/ required-added"]);
  });

  it("reports a removed enum value", () => {
    expect(rulesOf(released.extend({ kind: z.enum(["a"]) }))).toEqual(["/kind enum-value-removed"]);
  });

  it("reports narrowed types", () => {
    expect(rulesOf(released.extend({ id: z.number() }))).toContain("/id type-narrowed");
    expect(rulesOf(released.extend({ owner: z.object({ name: z.string() }) }))).toEqual([
      "/owner type-narrowed",
    ]);
    expect(
      rulesOf(released.extend({ owner: z.object({ name: z.literal("x") }).nullable() })),
    ).toEqual(["/owner/name enum-added"]);
  });

  it("reports tightened constraints", () => {
    expect(rulesOf(released.extend({ id: z.string().max(50) }))).toEqual([
      "/id maxLength-tightened",
    ]);
    expect(rulesOf(released.extend({ id: z.string().max(100).regex(/^x/) }))).toEqual([
      "/id pattern-changed",
    ]);
    expect(rulesOf(released.extend({ count: z.number().int().min(1) }))).toEqual([
      "/count minimum-tightened",
    ]);
    expect(rulesOf(released.extend({ tags: z.array(z.string().min(2)).max(10) }))).toEqual([
      "/tags/* minLength-tightened",
    ]);
    expect(rulesOf(released.extend({ tags: z.array(z.string()).min(1).max(10) }))).toEqual([
      "/tags minItems-tightened",
    ]);
  });

  it("reports a closed object and a removed field it refuses", () => {
    const closed = z.strictObject(released.shape);
    expect(rulesOf(closed)).toEqual(["/ closed"]);
    const rest: Partial<typeof released.shape> = { ...released.shape };
    delete rest.note;
    expect(rulesOf(z.strictObject(rest))).toEqual(["/ field-removed", "/ closed"]);
    // An open object may drop a field: old records still pass.
    expect(rulesOf(z.object(rest))).toEqual([]);
  });
});

describe("checkBackwardCompatibility on widened numbers", () => {
  it("still checks bounds when integer widens to number", () => {
    const old = json(z.object({ n: z.number().int().min(0) }));
    const widenedAndTightened = json(z.object({ n: z.number().min(5) }));
    expect(checkBackwardCompatibility(old, widenedAndTightened).map((i) => i.rule)).toEqual([
      "minimum-tightened",
    ]);
  });
});
