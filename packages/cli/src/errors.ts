import { defineErrors } from "@takedown/errors";

export const createCliError = defineErrors({
  CLI_USAGE: { message: "wrong usage", retryable: false },
  CLI_INFRA_FAILED: { message: "a local server could not be started", retryable: true },
  CLI_SERVICE_FAILED: { message: "a service could not be started", retryable: true },
  CLI_LOCAL_CA_UNUSABLE: {
    message: "no HTTPS certificate could be issued from the local CA",
    retryable: false,
  },
});
