import type { KafkaConfig, SASLOptions } from "kafkajs";
import { handleOf, type Kafka } from "./kafka-handle.js";
import { KafkaClient, kafkaLogLevel as logLevel } from "./kafkajs-runtime.js";
import type { Logger } from "pino";
import { KafkaClientLog, registerClientLog, type LogLevelName } from "./kafka-client-log.js";
import { kafkajsLogLine } from "./kafkajs-log-line.js";

export interface KafkaConnectionOptions {
  brokers: readonly string[];
  clientId: string;
  /** Platforms connect with SCRAM on the SASL listener; the pipeline uses loopback PLAINTEXT. */
  sasl?: { mechanism: "scram-sha-512"; username: string; password: string };
  /**
   * TLS for the platforms' listener (SASL_SSL): `ca` is the PEM of the CA that signed the
   * brokers' certificate (the local CA's tls/ca.pem); the certificate and its host are verified.
   */
  tls?: { ca: string };
  logger?: Logger;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Retries of one request before kafkajs gives up; small in tests so failures show fast. */
  retries?: number;
  /**
   * How long before its session ends (the listener's connections.max.reauth.ms) a connection
   * logs in again; kafkajs's default is 10 s. Must stay under the session lifetime by more than
   * a second: at or above it every request re-authenticates, and the broker refuses a second
   * re-authentication within a second (ILLEGAL_SASL_STATE, PITFALLS.md).
   */
  reauthenticationThresholdMs?: number;
}

const levels: Record<number, LogLevelName> = {
  [logLevel.ERROR]: "error",
  [logLevel.WARN]: "warn",
  [logLevel.INFO]: "info",
  [logLevel.DEBUG]: "debug",
};

/** The one place that constructs the client, so the library can be swapped behind this package. */
export function createKafka(options: KafkaConnectionOptions): Kafka {
  const sasl: SASLOptions | undefined = options.sasl && {
    mechanism: options.sasl.mechanism,
    username: options.sasl.username,
    password: options.sasl.password,
  };
  const logger = options.logger?.child({ component: "kafkajs" });
  const clientLog = new KafkaClientLog();
  const config: KafkaConfig = {
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    requestTimeout: options.requestTimeoutMs ?? 30000,
    retry: { retries: options.retries ?? 5, initialRetryTime: 100, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => {
      const { message, error, fields: extra } = kafkajsLogLine(entry.log);
      // Routed even without a logger: the counts of expected conditions are metrics.
      const level = clientLog.route({
        level: levels[entry.level] ?? "info",
        message,
        extra: error === undefined ? extra : { ...extra, error },
      });
      if (logger === undefined) return;
      const fields = { namespace: entry.namespace, ...extra };
      // kafkajs passes errors as `error`, sometimes a string; pino serialises Errors under `err`.
      if (error instanceof Error) logger[level]({ ...fields, err: error }, message);
      else if (error !== undefined) logger[level]({ ...fields, error }, message);
      else logger[level](fields, message);
    },
  };
  if (sasl !== undefined) config.sasl = sasl;
  if (options.reauthenticationThresholdMs !== undefined)
    config.reauthenticationThreshold = options.reauthenticationThresholdMs;
  if (options.tls !== undefined) config.ssl = { ca: [options.tls.ca], rejectUnauthorized: true };
  const kafka = handleOf(new KafkaClient(config));
  registerClientLog(kafka, clientLog);
  return kafka;
}
