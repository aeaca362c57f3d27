import { pino, type Logger, type LevelWithSilent } from "pino";

/**
 * Fields that may carry evidence contents, personal data or secrets. Logs are shipped to places
 * auditors and operators read, so these never leave the process even when a caller logs a whole
 * object by mistake.
 */
export const redactedPaths: readonly string[] = [
  "authorization",
  "*.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
  "apiKey",
  "*.apiKey",
  "password",
  "*.password",
  "secretAccessKey",
  "*.secretAccessKey",
  "personal",
  "*.personal",
  "*.*.personal",
  "contact",
  "*.contact",
  "*.*.contact",
  "evidenceBody",
  "*.evidenceBody",
];

export interface LoggerOptions {
  /** The component name put on every line, e.g. "intake". */
  service: string;
  level?: LevelWithSilent;
  /** Where lines go; defaults to stdout. Tests pass a stream to read lines back. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? "info",
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...redactedPaths], censor: "[redacted]" },
      serializers: { err: pino.stdSerializers.err },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}

export type { Logger };
