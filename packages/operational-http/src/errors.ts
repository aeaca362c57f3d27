import { defineErrors } from "@takedown/errors";

export const createOperationalError = defineErrors({
  OPS_INVALID_ENV: {
    message: "the operational settings in the environment are invalid",
    retryable: false,
  },
  OPS_INVALID_TLS: {
    message: "the HTTPS certificate or key is unusable",
    retryable: false,
  },
});
