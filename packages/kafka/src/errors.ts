import { defineErrors } from "@takedown/errors";

export const createKafkaError = defineErrors({
  KAFKA_UNREACHABLE: { message: "the Kafka cluster cannot be reached", retryable: true },
  KAFKA_TOPIC_PLAN_INVALID: { message: "the declared topics cannot be applied", retryable: false },
  KAFKA_PARTITIONS_CANNOT_SHRINK: {
    message: "a topic's partition count can only grow",
    retryable: false,
  },
  KAFKA_REPLICATION_CHANGE_UNSUPPORTED: {
    message: "changing a topic's replication factor is not supported by topics apply",
    retryable: false,
  },
  KAFKA_CONFIG_INVALID: {
    message: "the service's Kafka connection settings are invalid",
    retryable: false,
  },
  KAFKA_ADMIN_FAILED: { message: "a Kafka admin request failed", retryable: true },
  KAFKA_RECORD_TOO_LARGE: {
    message: "a record is larger than one produce request may carry",
    retryable: false,
  },
  KAFKA_COMMIT_UNCERTAIN: {
    message:
      "the transaction's commit was not confirmed: it may have committed, and the id was renewed to end it either way",
    retryable: true,
  },
  KAFKA_PROCESSOR_RESTART: {
    message: "the processor must reconnect to recover",
    retryable: true,
  },
  KAFKA_READER_FAILED: {
    message: "the topic reader's consumer kept dying past its recovery bound",
    retryable: false,
  },
  KAFKA_PROCESSOR_FAILED: {
    message: "the processor could not recover within its bound",
    retryable: false,
  },
});
