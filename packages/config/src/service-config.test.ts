import { describe, expect, it } from "vitest";
import { isTakedownError } from "@takedown/errors";
import { z } from "zod";
import { envSchema, loadServiceConfig } from "./env-config.js";

const extension = envSchema
  .pick({ LOG_LEVEL: true })
  .extend({ EXAMPLE_PORT: z.coerce.number().int().min(0).max(65535).default(8099) });

describe("loadServiceConfig", () => {
  it("applies a service's extension schema, an empty variable counting as unset", () => {
    expect(loadServiceConfig({ EXAMPLE_PORT: "", LOG_LEVEL: "debug" }, extension)).toEqual({
      EXAMPLE_PORT: 8099,
      LOG_LEVEL: "debug",
    });
  });

  it("names every bad variable and its reason in one CONFIG_INVALID_ENV", () => {
    let caught: unknown;
    try {
      loadServiceConfig({ EXAMPLE_PORT: "70000", LOG_LEVEL: "loud" }, extension);
    } catch (error) {
      caught = error;
    }
    expect(isTakedownError(caught) && caught.code).toBe("CONFIG_INVALID_ENV");
    const message = caught instanceof Error ? caught.message : "";
    expect(message).toMatch(/environment: EXAMPLE_PORT: .*65535/);
    expect(message).toMatch(/environment: LOG_LEVEL: /);
  });
});
