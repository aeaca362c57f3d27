import { defineErrors } from "@takedown/errors";

/** Every failure of the status service; prefixed so logs can be grepped across services. */
export const createStatusError = defineErrors({
  STATUS_FACT_CORRUPT: {
    message: "a record of the status state topic cannot be read",
    retryable: false,
  },
  STATUS_STORE_UNAVAILABLE: {
    message: "the status store cannot be opened",
    retryable: false,
  },
  STATUS_UNAVAILABLE: {
    message: "the status service cannot answer now",
    retryable: true,
  },
  STATUS_ANSWER_INVALID: {
    message: "the status service answered something that is not a request status",
    retryable: true,
  },
});

export type StatusError = ReturnType<typeof createStatusError>;
export type StatusErrorCode = StatusError["code"];
