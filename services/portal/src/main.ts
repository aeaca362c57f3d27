#!/usr/bin/env node
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseConfigFile } from "@takedown/config";
import { readPortalIntakeKeys } from "@takedown/local-keys";
import { runService } from "@takedown/shutdown";
import { StaffStore } from "@takedown/staff-accounts";
import { buildApp } from "./portal-app.js";
import { readPortalSettings } from "./portal-settings.js";

await runService({
  name: "portal",
  loadConfig: async (env) => {
    const settings = readPortalSettings(env);
    const organsFile = join(settings.configDir, "organs.yaml");
    const organs = parseConfigFile("organs.yaml", await readFile(organsFile, "utf8"), organsFile);
    return { settings, organs };
  },
  logLevel: ({ settings }) => settings.logLevel,
  build: ({ config: { settings, organs }, logger, stopAfterApp }) => {
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
