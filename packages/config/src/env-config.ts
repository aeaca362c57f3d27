import { z } from "zod";
import { createConfigError } from "./errors.js";
import { describeIssues, issuesFromZod, type ConfigIssue } from "./config-issue.js";

const brokerList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((b) => b.trim())
      .filter((b) => b.length > 0),
  )
  .pipe(
    z
      .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, "each broker must be host:port"))
      .min(1, "at least one broker"),
  );

/** SPEC §7: every variable has a default that works against `takedown up` on this machine. */
export const envSchema = z.object({
  KAFKA_BROKERS: brokerList.default(["127.0.0.1:9092"]),
  KAFKA_SASL_BROKERS: brokerList.default(["127.0.0.1:9094"]),
  /** PEM file of the CA that signed the platforms' listener (default: TAKEDOWN_DATA_DIR/tls/ca.pem). */
  KAFKA_SASL_CA_FILE: z.string().min(1).optional(),
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:9000"),
  S3_BUCKET_EVIDENCE: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "not a valid S3 bucket name")
    .default("takedown-evidence"),
  S3_BUCKET_AUDIT: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "not a valid S3 bucket name")
    .default("takedown-audit"),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().min(1, "required (`takedown up` reads it from .data/secrets.env)"),
  S3_SECRET_ACCESS_KEY: z
    .string()
    .min(1, "required (`takedown up` reads it from .data/secrets.env)"),
  INTAKE_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TAKEDOWN_CONFIG_DIR: z.string().min(1).default("config"),
});

export type EnvConfig = z.output<typeof envSchema>;

export type EnvironmentParse<T> =
  { ok: true; value: T } | { ok: false; issues: ConfigIssue[]; detail: string };

/**
 * Pure: a service's environment schema applied to the given environment, an empty variable
 * counting as unset (as in shells and compose files). Each service turns a failure into its own
 * coded error; the detail names every variable and its reason.
 */
export function parseEnvironment<S extends z.ZodType>(
  schema: S,
  env: Readonly<Record<string, string | undefined>>,
): EnvironmentParse<z.output<S>> {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ""),
  );
  const parsed = schema.safeParse(present);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = issuesFromZod("environment", parsed.error);
  return { ok: false, issues, detail: describeIssues(issues) };
}

/**
 * Pure: one service's settings, the one loader every service uses. `schema` is the service's
 * extension schema: the SPEC §7 variables it needs (`envSchema.pick({...})`) extended with its
 * own. An empty variable counts as unset; a bad one throws CONFIG_INVALID_ENV naming every
 * variable and its reason.
 */
export function loadServiceConfig<S extends z.ZodType>(
  env: Readonly<Record<string, string | undefined>>,
  schema: S,
): z.output<S> {
  const parsed = parseEnvironment(schema, env);
  if (!parsed.ok)
    throw createConfigError("CONFIG_INVALID_ENV", {
      detail: parsed.detail,
      details: { issues: parsed.issues },
    });
  return parsed.value;
}

/** Pure: the caller passes the environment, so tests never depend on the process's. */
export function loadEnvConfig(env: Readonly<Record<string, string | undefined>>): EnvConfig {
  return loadServiceConfig(env, envSchema);
}
