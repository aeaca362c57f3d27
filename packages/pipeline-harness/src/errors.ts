import { defineErrors } from "@takedown/errors";

export const createHarnessError = defineErrors({
  HARNESS_SERVICE_NOT_BUILT: {
    message: "a pipeline service has no dist/main.js; run `pnpm run build`",
    retryable: false,
  },
  HARNESS_SERVICE_NO_PRINCIPAL: {
    message: "a pipeline service has no Kafka principal; declare it in config/principals.yaml",
    retryable: false,
  },
  HARNESS_SERVICE_NOT_READY: {
    message: "a pipeline service did not report itself started in time",
    retryable: true,
  },
  HARNESS_INTAKE_REFUSED: {
    message: "intake refused a request the harness built to be valid",
    retryable: false,
  },
  HARNESS_GAVE_UP: {
    message: "a request was still unanswered when the harness stopped retrying it",
    retryable: false,
  },
  HARNESS_INVALID_OPTION: { message: "a harness option is out of range", retryable: false },
});
