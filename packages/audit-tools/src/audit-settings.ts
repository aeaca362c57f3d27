import { serviceTopics, topics } from "@takedown/contracts";
import { loadServiceConfig } from "@takedown/config";
import { z } from "zod";

const positiveInt = z.coerce.number().int().min(1);

/**
 * The audit service's own environment variables (SPEC §7 covers the shared ones). The signer
 * key is a secret: it comes from the environment or from the git-ignored data folder, never git.
 */
export const auditSettingsSchema = z.object({
  /** `PRIVATE+KEY+<origin>+<id>+<key>`; generated into TAKEDOWN_DATA_DIR when unset. */
  AUDIT_SIGNER_KEY: z.string().startsWith("PRIVATE+KEY+").optional(),
  /** The log's identity in every checkpoint; also the signer key name. */
  AUDIT_ORIGIN: z
    .string()
    .min(1)
    .regex(/^[^\s+]+$/, "no spaces or '+'")
    .default("audit.takedown.local/log"),
  AUDIT_LOG_TOPIC: z.string().min(1).default(topics.auditLog),
  AUDIT_CHECKPOINT_EVERY_ENTRIES: positiveInt.default(1000),
  AUDIT_CHECKPOINT_INTERVAL_SECONDS: positiveInt.default(10),
  /** The audit service's own topic of ticks; each tick read appends a watermark entry. */
  AUDIT_TICK_TOPIC: z.string().min(1).default(serviceTopics.auditTicks),
  /** A watermark entry at least this often, idle or not (its age shows the log is live)… */
  AUDIT_WATERMARK_INTERVAL_SECONDS: positiveInt.default(300),
  /** …and after this many source entries. */
  AUDIT_WATERMARK_EVERY_ENTRIES: positiveInt.default(1000),
  AUDIT_LAG_POLL_SECONDS: positiveInt.default(15),
  /** /readyz fails once a source partition's lag stayed above this many offsets… */
  AUDIT_READY_MAX_LAG: positiveInt.default(10_000),
  /** …for longer than this. */
  AUDIT_READY_MAX_LAG_SECONDS: positiveInt.default(300),
  /** The public transparency report withholds counts below this (1 to N−1 cases). */
  AUDIT_PUBLIC_MIN_CELL: positiveInt.default(5),
  AUDIT_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
  /** 0.0.0.0 in a container, whose published port is what the host's loopback reaches. */
  AUDIT_HOST: z.string().min(1).default("127.0.0.1"),
  /** Years each archived object is retained where the bucket has Object Lock. */
  AUDIT_RETENTION_YEARS: positiveInt.default(10),
  /** Also holds the auditors' key hashes (auditor-keys.yaml, made by `takedown auditor add`). */
  TAKEDOWN_DATA_DIR: z.string().min(1).default(".data"),
});

export type AuditSettings = z.output<typeof auditSettingsSchema>;

export function loadAuditSettings(
  env: Readonly<Record<string, string | undefined>>,
): AuditSettings {
  return loadServiceConfig(env, auditSettingsSchema);
}
