export { createKafka } from "./create-kafka.js";
export { partitionOfKey } from "./java-partitioner.js";
export type { KafkaConnectionOptions } from "./create-kafka.js";
export { planTopics } from "./topic-plan.js";
export type { TopicSpec } from "./topic-plan.js";
export { createKafkaError } from "./errors.js";
export { failureKind } from "./processing-failure.js";
export type { FailureKind } from "./processing-failure.js";
// The client itself stays an opaque handle outside this package: what services do with it are
// the verbs below, so replacing the client is a change to this package only.
export type { Kafka } from "./kafka-handle.js";
export type { ConsumedRecord, RecordHeaderValue, RecordToSend } from "./kafka-record.js";
export { TopicReader, readToEnd } from "./topic-reader.js";
export type { ConsumedBatch, TopicReaderOptions } from "./topic-reader.js";
export { TopicAdmin, withTopicAdmin } from "./topic-admin.js";
export type { OwnTopic, PartitionWatermarks } from "./topic-admin.js";
export { RecordWriter, writeRecords } from "./record-writer.js";
export type { WrittenBatch } from "./record-writer.js";
export { TransactionalProcessor } from "./transactional-processor.js";
export type { TransactionalProcessorOptions } from "./transactional-processor.js";
export { BACKGROUND_FETCH_MAX_WAIT_MS } from "./transactional-processor-options.js";
export type {
  InputBatch,
  ProcessedBatch,
  Assignment,
  DeadLetterTarget,
} from "./processed-batch.js";
export type { ProcessorHealth, PartitionHealth, ConsumerState } from "./processor-health.js";
export { defaultRecoveryPolicy } from "./recovery-policy.js";
export type { RecoveryPolicy } from "./recovery-policy.js";
export { deadLetterRecord } from "./dead-letter-record.js";
export type { DeadLetterOptions } from "./dead-letter-record.js";
export { kafkaClientLog } from "./kafka-client-log.js";
export type { KafkaClientLog } from "./kafka-client-log.js";
export { DEFAULT_MAX_REQUEST_BYTES, recordBytes } from "./produce-requests.js";
export { BatchingTransactionalProducer } from "./batching-transactional-producer.js";
export type { BatchingProducerOptions } from "./batching-transactional-producer.js";
export { restoreChangelog } from "./changelog-restorer.js";
export type { ChangelogRestoreOptions } from "./changelog-restorer.js";
export { toTopicMessages } from "./output-record.js";
export type { OutputRecord } from "./output-record.js";
export { alterScramUsers } from "./scram-credentials.js";
export type { ScramUser } from "./scram-credentials.js";
export { expandTopicName } from "./service-access.js";
export { applyServiceAccess, readAccessConfig } from "./service-access-step.js";
export type { ServiceAccessOptions, ServiceAccessResult } from "./service-access-step.js";
export { ServiceCredentialStore } from "./service-credential-store.js";
export type { ServiceCredentials } from "./service-credential-store.js";
export { loadOperatorKafkaConfig, loadServiceKafkaConfig } from "./config/service-kafka-config.js";
export type { ServiceKafkaConfig } from "./config/service-kafka-config.js";
export type { WireLogin } from "./wire-connection.js";
export { renderAccessListing } from "./access-listing.js";
export { WireConnection } from "./wire-connection.js";
export {
  expireScramLogin,
  generationUsername,
  isLoginOf,
  knownUsernames,
  liveUsernames,
  newScramLogin,
  revokeScramLogin,
  rotateScramLogin,
} from "./scram-login-lifecycle.js";
export type { StoredScramLogin } from "./scram-login-lifecycle.js";
export { revokeServiceLogin, rotateServiceLogin } from "./service-login-lifecycle.js";
export type { ServiceLoginChangeOptions } from "./service-login-lifecycle.js";
