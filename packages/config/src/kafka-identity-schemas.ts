import { hostname } from "node:os";
import { z } from "zod";

/** A Kafka topic name as the broker accepts it. */
export const kafkaTopicNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,249}$/, "not a Kafka topic name");

/**
 * A service instance's stable id (it names the transactional id, so a restart fences the dead
 * process); defaults to the host name, or `fallback` when that has no usable character.
 */
export function instanceIdSchema(fallback: string) {
  return z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, "letters, digits, '.', '_' or '-' only")
    .default(
      () =>
        hostname()
          .replace(/[^A-Za-z0-9._-]/g, "-")
          .slice(0, 100) || fallback,
    );
}

/** A consumer group id, with the service's default group. */
export function consumerGroupIdSchema(defaultGroup: string) {
  return z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/)
    .default(defaultGroup);
}
