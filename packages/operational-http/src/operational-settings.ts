import { z } from "zod";
import type { RecoveryPolicy } from "@takedown/kafka";
import { createOperationalError } from "./errors.js";
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

export interface OperationalSettings {
  port: number;
  host: string;
  recovery: Pick<RecoveryPolicy, "maxRestarts" | "maxRecoveryMs">;
  readiness: ReadinessPolicy;
}

/**
 * Pure: the operational HTTP port and host (`<PREFIX>_PORT`, `<PREFIX>_HOST`), recovery bounds
 * and readiness policy from the given environment. An empty variable counts as unset.
 */
export function readOperationalSettings(
  env: Readonly<Record<string, string | undefined>>,
  service: { prefix: string; defaultPort: number },
): OperationalSettings {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const portName = `${service.prefix}_PORT`;
  const hostName = `${service.prefix}_HOST`;
  const schema = operationalEnvSchema.extend({
    [portName]: z.coerce.number().int().min(0).max(65535).default(service.defaultPort),
    [hostName]: z.string().min(1).default("127.0.0.1"),
  });
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw createOperationalError("OPS_INVALID_ENV", {
      detail: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    });
  }
  const e = parsed.data as z.output<typeof operationalEnvSchema> & Record<string, unknown>;
  return {
    port: e[portName] as number,
    host: e[hostName] as string,
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
