import { defineErrors } from "@takedown/errors";

/** Every failure of the staff account store; prefixed so logs can be grepped across services. */
export const createStaffError = defineErrors({
  STAFF_STORE_UNAVAILABLE: {
    message: "the staff account store cannot be opened",
    retryable: false,
  },
  STAFF_UNKNOWN_ORGAN: { message: "no such organ", retryable: false },
  STAFF_INVALID_SECRET: { message: "not a secret this store made", retryable: false },
  STAFF_INVALID_ACCOUNT: { message: "the account cannot be made so", retryable: false },
  STAFF_WEAK_PASSWORD: { message: "the password is too short", retryable: false },
});

export type StaffError = ReturnType<typeof createStaffError>;
export type StaffErrorCode = StaffError["code"];
