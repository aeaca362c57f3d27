import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "@takedown/config";
import { responseActionSchema, responseReasonCodeSchema } from "@takedown/contracts";
import type { Logger } from "@takedown/logger";
import {
  listenAsPlatform,
  PlatformCredentialStore,
  respondAsPlatform,
} from "@takedown/platform-client";

export interface PlatformVerbOptions {
  config: Config;
  dataDir: string;
  logger: Logger;
  print: (line: string) => void;
  values: Record<string, string | boolean | undefined>;
}

function required(values: PlatformVerbOptions["values"], name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value === "") throw new Error(`--${name} is required`);
  return value;
}

/** The CA a platform verifies the broker with: KAFKA_SASL_CA_FILE, else the local CA's. */
async function readPlatformCa(options: PlatformVerbOptions): Promise<string> {
  return readFile(
    options.config.env.KAFKA_SASL_CA_FILE ?? join(options.dataDir, "tls", "ca.pem"),
    "utf8",
  );
}

/** `takedown platform listen --platform <id> [--json]`: prints notices until Ctrl-C. */
export async function runPlatformListen(options: PlatformVerbOptions): Promise<void> {
  const platformId = required(options.values, "platform");
  const credentials = await new PlatformCredentialStore(options.dataDir).get(platformId);
  const listener = await listenAsPlatform({
    saslBrokers: options.config.env.KAFKA_SASL_BROKERS,
    tlsCa: await readPlatformCa(options),
    platformId,
    credentials,
    print: options.print,
    logger: options.logger,
    format: options.values.json === true ? "json" : "text",
  });
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await listener.stop();
}

/** `takedown platform respond --platform <id> --case <id> --action <a> [--reason] [--text]`. */
export async function runPlatformRespond(options: PlatformVerbOptions): Promise<void> {
  const { values } = options;
  const platformId = required(values, "platform");
  const action = responseActionSchema.safeParse(values.action);
  if (!action.success) {
    throw new Error(`--action must be one of ${responseActionSchema.options.join(", ")}`);
  }
  const reason =
    values.reason === undefined ? undefined : responseReasonCodeSchema.safeParse(values.reason);
  if (reason !== undefined && !reason.success) {
    throw new Error(`--reason must be one of ${responseReasonCodeSchema.options.join(", ")}`);
  }
  const credentials = await new PlatformCredentialStore(options.dataDir).get(platformId);
  const sent = await respondAsPlatform({
    saslBrokers: options.config.env.KAFKA_SASL_BROKERS,
    tlsCa: await readPlatformCa(options),
    platformId,
    credentials,
    caseId: required(values, "case"),
    action: action.data,
    ...(reason?.data === undefined ? {} : { reasonCode: reason.data }),
    ...(typeof values.text === "string" ? { text: values.text } : {}),
    logger: options.logger,
  });
  options.print(JSON.stringify(sent));
}
