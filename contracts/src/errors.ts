import { defineErrors } from "@takedown/errors";

/**
 * Errors thrown by the contracts package. Decoding never throws (it returns a rejection); these
 * are programming errors on the writing side, where failing loudly beats publishing a bad record.
 */
export const createContractError = defineErrors({
  CONTRACT_UNKNOWN_EVENT_TYPE: { message: "unknown event type", retryable: false },
  CONTRACT_INVALID_EVENT_DATA: {
    message: "event data does not match its schema",
    retryable: false,
  },
  CONTRACT_INVALID_ENVELOPE: { message: "invalid CloudEvents attribute", retryable: false },
  CONTRACT_UPCASTER_MISSING: {
    message: "an older major version has no upcaster chain to the latest",
    retryable: false,
  },
  CONTRACT_UPCASTER_CONFLICT: {
    message: "two upcasters start from the same major version",
    retryable: false,
  },
});
