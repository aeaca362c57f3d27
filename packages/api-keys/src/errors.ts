import { defineErrors } from "@takedown/errors";

/** Every error of the API key format, key files and authentication. */
export const createApiKeyError = defineErrors({
  API_KEYS_UNREADABLE_FILE: { message: "API key file cannot be read", retryable: false },
  API_KEYS_INVALID_FILE: { message: "invalid API key file", retryable: false },
});

export type ApiKeyErrorCode = Parameters<typeof createApiKeyError>[0];
