import type { Kafka } from "./kafka-handle.js";

export type LogLevelName = "error" | "warn" | "info" | "debug";

/**
 * Conditions kafkajs logs at ERROR or WARN although it retries them itself (or a processor
 * restarts its consumer): the coordinator still writing the previous transaction's markers,
 * coordinators and leaders moving, rebalances, a broker briefly away. Matched by the message
 * kafkajs gives each (its protocol/error.js) or logs around it.
 */
const EXPECTED: readonly (readonly [condition: string, text: string])[] = [
  [
    "CONCURRENT_TRANSACTIONS",
    "The producer attempted to update a transaction while another concurrent operation",
  ],
  ["REBALANCE_IN_PROGRESS", "The group is rebalancing"],
  ["UNKNOWN_MEMBER_ID", "The coordinator is not aware of this member"],
  ["ILLEGAL_GENERATION", "Specified group generation id is not valid"],
  ["GROUP_LOAD_IN_PROGRESS", "The coordinator is loading and hence can't process requests"],
  ["GROUP_COORDINATOR_NOT_AVAILABLE", "The group coordinator is not available"],
  ["NOT_COORDINATOR_FOR_GROUP", "This is not the correct coordinator for this group"],
  ["LEADER_NOT_AVAILABLE", "There is no leader for this topic-partition"],
  ["NOT_LEADER_FOR_PARTITION", "This server is not the leader for that topic-partition"],
  ["FENCED_LEADER_EPOCH", "The leader epoch in the request is older than the epoch on the broker"],
  ["UNKNOWN_LEADER_EPOCH", "The leader epoch in the request is newer than the epoch on the broker"],
  ["UNKNOWN_TOPIC_OR_PARTITION", "This server does not host this topic-partition"],
  ["NOT_ENOUGH_REPLICAS", "fewer in-sync replicas than required"],
  ["FETCH_SESSION_ID_NOT_FOUND", "The fetch session ID was not found"],
  ["INVALID_FETCH_SESSION_EPOCH", "The fetch session epoch is invalid"],
  ["OFFSET_NOT_AVAILABLE", "The leader high watermark has not caught up"],
  ["UNSTABLE_OFFSET_COMMIT", "There are unstable offsets that need to be cleared"],
  // A service creating its own topic at start finds it there (its usual case), or asks a broker
  // that is no longer the controller (around a restart): both are handled by the caller.
  ["TOPIC_ALREADY_EXISTS", "Topic with this name already exists"],
  ["NOT_CONTROLLER", "This is not the correct controller for this cluster"],
  ["NETWORK_EXCEPTION", "The server disconnected before a response was received"],
  ["REQUEST_TIMED_OUT", "The request timed out"],
  ["CONNECTION", "Connection error"],
  ["CONNECTION", "Connection timeout"],
  ["CONNECTION", "Closed connection"],
  ["CONNECTION", "Failed to connect to seed broker"],
  ["CONNECTION", "Failed to connect to broker, reconnecting"],
  // The broker went away during the SASL handshake (seen when a broker of three was killed):
  // the login failed for the connection, not for the credentials, which read differently.
  ["CONNECTION", "authentication failed: Not connected"],
];

/** Lines kafkajs writes when a consumer dies; a supervised one is restarted by its processor. */
const CONSUMER_DEATH = ["Crash: ", "Restarting the consumer in "];

export interface KafkaLogEntry {
  level: LogLevelName;
  message: string;
  extra: Record<string, unknown>;
}

/**
 * Routes kafkajs' own log lines: expected, retried conditions go to debug and are counted,
 * so ERROR is left for what needs a person. One per client (createKafka), found by kafkaClientLog.
 */
export class KafkaClientLog {
  private readonly supervised = new Set<string>();
  private readonly counts = new Map<string, number>();

  /** A group whose consumer a processor restarts itself: its crash lines are expected. */
  supervise(groupId: string): void {
    this.supervised.add(groupId);
  }

  /** kafkajs lines that reported an expected condition since the client was made, by condition. */
  expectedConditions(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  /** The level a kafkajs line is logged at, counting it when it is an expected condition. */
  route(entry: KafkaLogEntry): LogLevelName {
    if (entry.level === "debug" || entry.level === "info") return entry.level;
    const condition = this.conditionOf(entry);
    if (condition === undefined) return entry.level;
    this.counts.set(condition, (this.counts.get(condition) ?? 0) + 1);
    return "debug";
  }

  private conditionOf(entry: KafkaLogEntry): string | undefined {
    const { error, groupId } = entry.extra;
    const errorText =
      typeof error === "string" ? error : error instanceof Error ? error.message : "";
    const text = `${entry.message} ${errorText}`;
    const expected = EXPECTED.find(([, fragment]) => text.includes(fragment));
    if (expected !== undefined) return expected[0];
    if (
      typeof groupId === "string" &&
      this.supervised.has(groupId) &&
      CONSUMER_DEATH.some((start) => entry.message.startsWith(start))
    )
      return "CONSUMER_RESTART";
    // kafkajs logs what an eachBatch threw; a processor throws this code to be restarted.
    if ((error as { code?: unknown } | undefined)?.code === "KAFKA_PROCESSOR_RESTART")
      return "CONSUMER_RESTART";
    return undefined;
  }
}

const clientLogs = new WeakMap<Kafka, KafkaClientLog>();

export function registerClientLog(kafka: Kafka, log: KafkaClientLog): void {
  clientLogs.set(kafka, log);
}

/** The client's log router (a fresh one for a client not made by createKafka). */
export function kafkaClientLog(kafka: Kafka): KafkaClientLog {
  let log = clientLogs.get(kafka);
  if (log === undefined) {
    log = new KafkaClientLog();
    clientLogs.set(kafka, log);
  }
  return log;
}
