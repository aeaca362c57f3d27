import { z } from "zod";
import { loadServiceConfig } from "@takedown/config";
import type { RecoveryPolicy } from "@takedown/kafka";
import type { ReadinessPolicy } from "./readiness.js";

const positive = z.coerce.number().int().min(1);

/** Variables every processor-based service reads the same way (all optional). */
const operationalEnvSchema = z.object({
  /** Restarts of a consumer in one run of failures before the process exits non-zero. */
  PROCESSOR_MAX_RESTARTS: positive.default(10),
  /** Longest a run of failures may last before the process exits non-zero. */
  PROCESSOR_MAX_RECOVERY_SECONDS: positive.default(300),
  /** Lag without a commit for this long makes /readyz answer 503. */
  READYZ_STALL_SECONDS: positive.default(60),
  /** Lag past which /readyz answers 503 even while committing (unset: no limit). */
  READYZ_MAX_LAG: positive.optional(),
});

export interface ProcessorPolicies {
  recovery: Pick<RecoveryPolicy, "maxRestarts" | "maxRecoveryMs">;
  readiness: ReadinessPolicy;
}

export interface OperationalSettings extends ProcessorPolicies {
  port: number;
  host: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Pure: recovery bounds and readiness policy from the given environment. */
export function readProcessorPolicies(env: Env): ProcessorPolicies {
  // The one loader of every service (CONFIG_INVALID_ENV naming each variable and its reason).
  const e = loadServiceConfig(env, operationalEnvSchema);
  return {
    recovery: {
      maxRestarts: e.PROCESSOR_MAX_RESTARTS,
      maxRecoveryMs: e.PROCESSOR_MAX_RECOVERY_SECONDS * 1000,
    },
    readiness: {
      stallMs: e.READYZ_STALL_SECONDS * 1000,
      ...(e.READYZ_MAX_LAG === undefined ? {} : { maxLag: e.READYZ_MAX_LAG }),
    },
  };
}

/**
 * Pure: the operational HTTP port and host (`<PREFIX>_PORT`, `<PREFIX>_HOST`) of a service
 * without an API of its own, plus the processor policies.
 */
export function readOperationalSettings(
  env: Env,
  service: { prefix: string; defaultPort: number },
): OperationalSettings {
  const portName = `${service.prefix}_PORT`;
  const hostName = `${service.prefix}_HOST`;
  const schema = z.object({
    [portName]: z.coerce.number().int().min(0).max(65535).default(service.defaultPort),
    [hostName]: z.string().min(1).default("127.0.0.1"),
  });
  const e = loadServiceConfig(env, schema);
  return {
    port: e[portName] as number,
    host: e[hostName] as string,
    ...readProcessorPolicies(env),
  };
}
