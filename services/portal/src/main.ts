#!/usr/bin/env node
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseConfigFile } from "@takedown/config";
import { readPortalAuditorKey, readPortalIntakeKeys } from "@takedown/local-keys";
import { loadTlsCredentials } from "@takedown/operational-http";
import { runService } from "@takedown/shutdown";
import { StaffStore } from "@takedown/staff-accounts";
import { buildApp } from "./portal-app.js";
import { readPortalSettings, type PortalSettings } from "./portal-settings.js";

await runService({
  name: "portal",
  loadConfig: async (env) => {
    const settings = readPortalSettings(env);
    const organsFile = join(settings.configDir, "organs.yaml");
    const organs = parseConfigFile("organs.yaml", await readFile(organsFile, "utf8"), organsFile);
    return { settings, organs };
  },
  logLevel: ({ settings }) => settings.logLevel,
  build: async ({ config: { settings, organs }, logger, stopAfterApp }) => {
    // A bad certificate or key stops the portal with the variable, the file and the reason.
    const tls = settings.https === undefined ? undefined : await loadTlsCredentials(settings.https);
    const staff = StaffStore.open(settings.dbPath);
    stopAfterApp(() => staff.close());
    const keysFile = settings.intakeKeysFile;
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
    return {
      start: async () => {
        await app.start();
        logger.info({ url: app.url(), intake: settings.intakeUrl, keysFile }, "portal listening");
      },
      stop: () => app.stop(),
    };
  },
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
