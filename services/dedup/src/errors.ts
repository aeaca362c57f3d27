import { defineErrors } from "@takedown/errors";

export const createDedupError = defineErrors({
  DEDUP_NOT_CO_PARTITIONED: {
    message: "the targets, cases and state topics must exist with one partition count",
    retryable: false,
  },
  DEDUP_ASSIGNMENT_NOT_CO_PARTITIONED: {
    message:
      "this instance was assigned different partitions of the targets and cases topics, so it cannot hold all the state of a case",
    retryable: true,
  },
  DEDUP_STATE_CORRUPT: {
    message: "a record of the dedup state changelog cannot be read",
    retryable: false,
  },
  DEDUP_STATE_LIMIT: {
    message: "the compact in-memory case state cannot hold this value",
    retryable: false,
  },
  DEDUP_INVALID_ULID: { message: "not a ULID", retryable: false },
});

export type DedupErrorCode = Parameters<typeof createDedupError>[0];
