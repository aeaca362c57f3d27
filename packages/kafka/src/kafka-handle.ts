import type { Kafka as KafkajsClient } from "kafkajs";

declare const kafkaHandle: unique symbol;

/**
 * A connection to the cluster as services hold it: opaque, only handed to this package's verbs
 * (TopicReader, RecordWriter, TopicAdmin, TransactionalProcessor, …), so that replacing the
 * client library is a change to this package only.
 */
export interface Kafka {
  readonly [kafkaHandle]: "takedown-kafka";
}

/** The client behind a handle (this package, and tools through `@takedown/kafka/bare-client`). */
export function clientOf(kafka: Kafka): KafkajsClient {
  return kafka as unknown as KafkajsClient;
}

/** A client made by createKafka, as the handle handed out. */
export function handleOf(client: KafkajsClient): Kafka {
  return client as unknown as Kafka;
}
