import { join } from "node:path";
import { z } from "zod";
import { envSchema, loadServiceConfig } from "@takedown/config";
import { PORTAL_INTAKE_KEY_FILE } from "@takedown/local-keys";

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
  };
}
