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
  ROUTING_CREDENTIALS_MISSING: {
    message: "no Kafka credentials are stored for this platform; run `takedown topics apply`",
    retryable: false,
  },
  ROUTING_RESPONSE_INVALID: {
    message: "the response cannot be sent as given",
    retryable: false,
  },
  ROUTING_NOTICE_NOT_FOUND: {
    message: "no notice about this case was found on the platform's notices topic",
    retryable: false,
  },
  ROUTING_INVALID_SETTING: { message: "a routing setting is invalid", retryable: false },
});
