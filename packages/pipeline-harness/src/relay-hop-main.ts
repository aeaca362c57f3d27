#!/usr/bin/env node
import { createKafka } from "@takedown/kafka";
import { bareClientOf } from "@takedown/kafka/bare-client";
import { createLogger } from "@takedown/logger";
import { TransactionalRelay } from "./transactional-relay.js";

/**
 * One hop of the bare relay as a process of its own, like each pipeline service:
 *   relay-hop-main.js '{"brokers":[…],"input":"…","output":"…","name":"…"}'
 * Prints a JSON log line "relay hop started" when it consumes; SIGTERM stops it.
 */
const config = JSON.parse(process.argv[2] ?? "{}") as {
  brokers: string[];
  input: string;
  output: string;
  name: string;
  maxBytesPerPartition?: number;
};
const logger = createLogger({ service: config.name, level: "warn" });
// The bench's own topics: the hop logs in as the cluster's admin, passed in its environment.
const kafka = bareClientOf(
  createKafka({
    brokers: config.brokers,
    clientId: config.name,
    logger,
    sasl: {
      mechanism: "scram-sha-512",
      username: process.env.KAFKA_USERNAME ?? "",
      password: process.env.KAFKA_PASSWORD ?? "",
    },
  }),
);
const relay = new TransactionalRelay({
  kafka,
  groupId: config.name,
  transactionalId: config.name,
  input: config.input,
  output: config.output,
  maxBytesPerPartition: config.maxBytesPerPartition ?? 256 * 1024,
  onBatchCommitted: () => undefined,
});
const stop = (): void => {
  relay.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
await relay.start();
logger.warn({ input: config.input, output: config.output }, "relay hop started");
