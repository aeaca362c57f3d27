import { join } from "node:path";
import { z } from "zod";
import { envSchema, loadServiceConfig } from "@takedown/config";
import { PORTAL_AUDITOR_KEY_FILE, PORTAL_INTAKE_KEY_FILE } from "@takedown/local-keys";
import { readHttpsSettings, type HttpsFiles } from "@takedown/operational-http";

const portalEnvSchema = envSchema
  .pick({ INTAKE_PORT: true, LOG_LEVEL: true, TAKEDOWN_CONFIG_DIR: true })
  .extend({
    TAKEDOWN_DATA_DIR: z.string().min(1).default(".data"),
    PORTAL_PORT: z.coerce.number().int().min(0).max(65535).default(8070),
    PORTAL_HOST: z.string().min(1).default("127.0.0.1"),
    /** Default: intake on this machine at INTAKE_PORT. */
    INTAKE_URL: z.url({ protocol: /^https?$/ }).optional(),
    PORTAL_INTAKE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
    /** Staff accounts (SQLite); default `<TAKEDOWN_DATA_DIR>/portal/portal.db`. */
    PORTAL_DB_PATH: z.string().min(1).optional(),
    /** The organs' plain intake keys, filled by `takedown up`; never in git, never sent out. */
    PORTAL_INTAKE_KEYS_FILE: z.string().min(1).optional(),
    /** The built SPA; default the service's own dist/web. */
    PORTAL_WEB_DIR: z.string().min(1).optional(),
    PORTAL_SESSION_IDLE_SECONDS: z.coerce.number().int().min(10).max(86_400).default(1800),
    PORTAL_SESSION_MAX_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(7 * 86_400)
      .default(43_200),
    /** auto: Secure when the request came over TLS (directly or per X-Forwarded-Proto). */
    PORTAL_SECURE_COOKIES: z.enum(["auto", "always"]).default("auto"),
    /** The audit API's port (SPEC §7), as the audit service reads it. */
    AUDIT_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
    /** Default: the audit API on this machine at AUDIT_PORT. */
    PORTAL_AUDIT_URL: z.url({ protocol: /^https?$/ }).optional(),
    PORTAL_AUDIT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
    /** The portal's plain auditor key, filled by `takedown up`; never in git, never sent out. */
    PORTAL_AUDIT_KEY_FILE: z.string().min(1).optional(),
    /**
     * The log's verifier key the browser pins; default: the audit service's
     * `<TAKEDOWN_DATA_DIR>/audit/verifier.key` (local runs).
     */
    PORTAL_AUDIT_VERIFIER_KEY: z
      .string()
      .regex(/^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/, "<name>+<key id>+<base64 key>")
      .optional(),
    /** Behind a TLS-terminating proxy: trust its X-Forwarded-* headers. */
    PORTAL_TRUST_PROXY: z.stringbool().default(false),
  });

export interface PortalSettings {
  logLevel: z.output<typeof portalEnvSchema>["LOG_LEVEL"];
  configDir: string;
  port: number;
  host: string;
  intakeUrl: string;
  intakeTimeoutMs: number;
  dbPath: string;
  intakeKeysFile: string;
  webDir: string | undefined;
  sessionIdleMs: number;
  sessionMaxMs: number;
  secureCookies: "auto" | "always";
  trustProxy: boolean;
  auditUrl: string;
  auditTimeoutMs: number;
  auditKeyFile: string;
  /** A fixed key, or the file the audit service writes it to (read per call). */
  auditVerifierKey: { key: string } | { file: string };
  /** PORTAL_TLS_CERT_FILE and PORTAL_TLS_KEY_FILE: HTTPS, with HSTS and Secure cookies. */
  https: HttpsFiles | undefined;
}

/** Pure: reads the given environment; an empty variable counts as unset. */
export function readPortalSettings(
  env: Readonly<Record<string, string | undefined>>,
): PortalSettings {
  const e = loadServiceConfig(env, portalEnvSchema);
  return {
    logLevel: e.LOG_LEVEL,
    configDir: e.TAKEDOWN_CONFIG_DIR,
    port: e.PORTAL_PORT,
    host: e.PORTAL_HOST,
    intakeUrl: e.INTAKE_URL ?? `http://127.0.0.1:${e.INTAKE_PORT}`,
    intakeTimeoutMs: e.PORTAL_INTAKE_TIMEOUT_MS,
    dbPath: e.PORTAL_DB_PATH ?? join(e.TAKEDOWN_DATA_DIR, "portal", "portal.db"),
    intakeKeysFile: e.PORTAL_INTAKE_KEYS_FILE ?? join(e.TAKEDOWN_DATA_DIR, PORTAL_INTAKE_KEY_FILE),
    webDir: e.PORTAL_WEB_DIR,
    sessionIdleMs: e.PORTAL_SESSION_IDLE_SECONDS * 1000,
    sessionMaxMs: e.PORTAL_SESSION_MAX_SECONDS * 1000,
    secureCookies: e.PORTAL_SECURE_COOKIES,
    trustProxy: e.PORTAL_TRUST_PROXY,
    auditUrl: e.PORTAL_AUDIT_URL ?? `http://127.0.0.1:${e.AUDIT_PORT}`,
    auditTimeoutMs: e.PORTAL_AUDIT_TIMEOUT_MS,
    auditKeyFile: e.PORTAL_AUDIT_KEY_FILE ?? join(e.TAKEDOWN_DATA_DIR, PORTAL_AUDITOR_KEY_FILE),
    auditVerifierKey:
      e.PORTAL_AUDIT_VERIFIER_KEY === undefined
        ? { file: join(e.TAKEDOWN_DATA_DIR, "audit", "verifier.key") }
        : { key: e.PORTAL_AUDIT_VERIFIER_KEY },
    https: readHttpsSettings(env, "PORTAL"),
  };
}
