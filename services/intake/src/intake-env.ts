import { loadServiceConfig } from "@takedown/config";
import { z } from "zod";

export const DEFAULT_MAX_IN_FLIGHT = 256;
export const DEFAULT_PUBLISH_TIMEOUT_MS = 5_000;
export const DEFAULT_HTTP_REQUEST_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_EVENT_LOOP_DELAY_MS = 500;

/** Intake's own environment variables (the shared ones are in @takedown/config). */
export const intakeEnvSchema = z.object({
  INTAKE_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_MAX_IN_FLIGHT),
  INTAKE_PUBLISH_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(120_000)
    .default(DEFAULT_PUBLISH_TIMEOUT_MS),
  INTAKE_MAX_EVENT_LOOP_DELAY_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(DEFAULT_MAX_EVENT_LOOP_DELAY_MS),
  INTAKE_HTTP_REQUEST_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(3_600_000)
    .default(DEFAULT_HTTP_REQUEST_TIMEOUT_MS),
});

export type IntakeEnv = z.output<typeof intakeEnvSchema>;

/** Pure: the caller passes the environment; an empty variable counts as unset. */
export function loadIntakeEnv(env: Readonly<Record<string, string | undefined>>): IntakeEnv {
  return loadServiceConfig(env, intakeEnvSchema);
}
