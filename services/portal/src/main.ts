#!/usr/bin/env node
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseConfigFile } from "@takedown/config";
import { readPortalAuditorKey, readPortalIntakeKeys } from "@takedown/local-keys";
import { createLogger } from "@takedown/logger";
import { loadTlsCredentials } from "@takedown/operational-http";
import { stopOnSignals } from "@takedown/shutdown";
import { StaffStore } from "@takedown/staff-accounts";
import { buildApp } from "./portal-app.js";
import { readPortalSettings, type PortalSettings } from "./portal-settings.js";

const settings = readPortalSettings(process.env);
const logger = createLogger({ service: "portal", level: settings.logLevel });
const organsFile = join(settings.configDir, "organs.yaml");
const organs = parseConfigFile("organs.yaml", await readFile(organsFile, "utf8"), organsFile);
const staff = StaffStore.open(settings.dbPath);
const keysFile = settings.intakeKeysFile;
// A bad certificate or key stops the portal with the variable, the file and the reason.
const tls =
  settings.https === undefined
    ? undefined
    : await loadTlsCredentials(settings.https).catch((error: unknown) => {
        logger.fatal({ err: error }, "portal could not start");
        return process.exit(1);
      });
const app = buildApp({
  logger,
  staff,
  intakeUrl: settings.intakeUrl,
  intakeTimeoutMs: settings.intakeTimeoutMs,
  // Read per call (a small file): keys `takedown up` adds later are used without a restart.
  intakeKeyOf: async (organId) => (await readPortalIntakeKeys(keysFile)).keys[organId],
  organNames: new Map(organs.organs.map((o) => [o.id, o.names])),
  webDir: settings.webDir ?? fileURLToPath(new URL("./web", import.meta.url)),
  port: settings.port,
  host: settings.host,
  sessionIdleMs: settings.sessionIdleMs,
  sessionMaxMs: settings.sessionMaxMs,
  secureCookies: settings.secureCookies,
  trustProxy: settings.trustProxy,
  audit: {
    url: settings.auditUrl,
    timeoutMs: settings.auditTimeoutMs,
    auditorKey: () => readPortalAuditorKey(settings.auditKeyFile),
    verifierKey: verifierKeyOf(settings.auditVerifierKey),
  },
  ...(tls === undefined ? {} : { tls }),
});

function verifierKeyOf(source: PortalSettings["auditVerifierKey"]) {
  if ("key" in source) return () => Promise.resolve(source.key);
  // Written by the audit service on its start, which may come after the portal's.
  return async () => {
    try {
      return (await readFile(source.file, "utf8")).trim();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  };
}

stopOnSignals({
  logger,
  stop: async () => {
    await app.stop();
    staff.close();
  },
});

try {
  await app.start();
  logger.info({ url: app.url(), intake: settings.intakeUrl, keysFile }, "portal listening");
} catch (error) {
  logger.fatal({ err: error }, "portal could not start");
  process.exit(1);
}
