import { defineErrors } from "@takedown/errors";

export const createConfigError = defineErrors({
  CONFIG_INVALID_ENV: { message: "invalid environment variable", retryable: false },
  CONFIG_INVALID_FILE: { message: "invalid config file", retryable: false },
  CONFIG_UNREADABLE_FILE: { message: "config file cannot be read", retryable: false },
  CONFIG_MISSING_FILE: { message: "config file is missing", retryable: false },
});
