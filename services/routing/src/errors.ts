import { defineErrors } from "@takedown/errors";

export const createRoutingError = defineErrors({
  ROUTING_STATE_CORRUPT: {
    message: "a record of the routing state changelog cannot be read",
    retryable: false,
  },
  ROUTING_UNKNOWN_PLATFORM: {
    message: "the platform is not in the platform registry",
    retryable: false,
  },
  ROUTING_RESPONSE_INVALID: {
    message: "the response cannot be sent as given",
    retryable: false,
  },
});
