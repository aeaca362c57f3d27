/**
 * The door for tools that still drive the client itself (the CLI's and the platform client's
 * ACL steps, the load harness, the test kit and integration tests). Services never import it
 * (eslint): they hold the opaque `Kafka` handle and use the verbs of the main entry.
 */
import type { Kafka as KafkajsClient } from "kafkajs";
import { clientOf, type Kafka } from "./kafka-handle.js";

/** The handle that is also the client: usable with the verbs and with the client's own calls. */
export type BareKafka = KafkajsClient & Kafka;

export function bareClientOf(kafka: Kafka): BareKafka {
  return clientOf(kafka) as BareKafka;
}

export type { Admin, Consumer, Producer, AclEntry } from "kafkajs";
export { applyTopics } from "./apply-topics.js";
export type { ApplyTopicsResult, TopicChange } from "./apply-topics.js";
export { applyPlatformAccess, platformAclEntries } from "./platform-access.js";
export type { PlatformAccess, PlatformAccessResult } from "./platform-access.js";
export { reconcileAcls, describeAclsOf } from "./acl-reconciler.js";
export type { AclChanges, PrincipalGrant } from "./acl-reconciler.js";
export { planServiceAccess, serviceAclEntries } from "./service-access.js";
export { CoPartitionedAssigner } from "./co-partitioned-assigner.js";
